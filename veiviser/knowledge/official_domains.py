"""Official publishers whose pages an article may cite. A source outside these is a validation error."""

from typing import Final
from urllib.parse import urlsplit

OFFICIAL_DOMAINS: Final[frozenset[str]] = frozenset({
    "udi.no", "skatteetaten.no", "nav.no", "imdi.no", "helsenorge.no", "politiet.no", "hkdir.no",
    "regjeringen.no", "kompetansenorge.no", "arbeidstilsynet.no", "bufdir.no", "ldo.no", "vegvesen.no",
    "valg.no", "udir.no", "nyinorge.no", "altinn.no", "brreg.no", "helsedirektoratet.no", "dinutdanning.no",
    "husbanken.no", "statsforvalteren.no", "lovdata.no", "stortinget.no", "ssb.no", "fhi.no",
    "workinnorway.no", "norge.no", "barnevern.no", "dinerettigheter.no", "likestillingsombudet.no",
    "tolkeportalen.no", "une.no",
    # Free national helplines cited in the health and safety articles.
    "mentalhelse.no", "kirkens-sos.no", "dinutvei.no", "116111.no",
})


def is_official_url(url: str) -> bool:
    """True when the URL's host is an official domain or a subdomain of one.

    >>> is_official_url("https://www.udi.no/en/"), is_official_url("https://udi.no.evil.com/")
    (True, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)
