"""Rasa turns every stored event back into an object on every turn (`Event.from_parameters`), and finds each
event's class by walking all subclasses of `Event` and comparing names (`Event.resolve_by_type`). Profiled
with py-spy (one user, small-talk turns): 18 % of Rasa's CPU went to that walk, and more as a conversation
grows. Here the name-to-class table is built once (again when a name is not in it, so classes imported later
are found) and the answer for every name, known or not, is the one Rasa's walk gives.
"""

from typing import Dict, Optional, Text, Type

import rasa.shared.utils.common
from rasa.shared.core.events import Event

_by_name: Dict[Text, Type[Event]] = {}
_original = Event.resolve_by_type


def _rebuild() -> None:
    table: Dict[Text, Type[Event]] = {}
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        table.setdefault(cls.type_name, cls)  # the walk returns the first match: keep the first
    _by_name.clear()
    _by_name.update(table)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    found = _by_name.get(type_name)
    if found is None:
        _rebuild()
        found = _by_name.get(type_name)
    if found is not None:
        return found
    return _original(type_name, default)  # Rasa's own answer for "topic", a default, or its ValueError


def install_cached_event_types() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
