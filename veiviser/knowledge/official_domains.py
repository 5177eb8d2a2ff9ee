"""The rule for an official source: its host is one of the official domains or a subdomain of one.

Which domains are official is content config (`knowledge/_sources.yml`, read by `sources_config`).
"""

from collections.abc import Iterable
from urllib.parse import urlsplit


def is_official_url(url: str, domains: Iterable[str]) -> bool:
    """
    >>> is_official_url("https://www.udi.no/en/", {"udi.no"}), is_official_url("https://udi.no.evil.com/", {"udi.no"})
    (True, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)
