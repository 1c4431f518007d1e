"""Curated identity judgements: same / not-same pairs an analyst asserts, with a reason.

Reads JSON files of the form ``{"judgements": [{"left", "right", "verdict", "reason"}]}``
where ``left``/``right`` are names (any spelling; compared by match key) or knowledge-base ids
written ``kb:ID``, and ``verdict`` is ``positive``, ``negative`` or ``unsure``. The shipped file
is ``kg/data/judgements.json``; ``kg build --judgements FILE`` adds the user's own, which win
over the shipped ones. The resolver obeys them: a negative blocks a merge for good, a positive
merges even across a guard, an unsure becomes ``kg:possiblySameAs``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.model import Evidence, Judgement, Verdict, kb_id
from kg.text.normalize import match_key


def _key(name: str) -> str:
    return name if kb_id(name) is not None else match_key(name)


def _parse(data: object, source: str) -> list[Judgement]:
    """The judgements of one file as ``kg.model.Judgement`` (the one judgement type): keys
    normalised (``kb:ID`` or a name's match key), the reason as the rule, and the file as the
    evidence's document."""
    if not isinstance(data, dict) or not isinstance(data.get("judgements"), list):
        raise InputError(f"{source}: expected an object with a 'judgements' list")
    out = []
    for n, item in enumerate(data["judgements"], 1):
        try:
            verdict = Verdict(item["verdict"])
            left, right = str(item["left"]), str(item["right"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{source}: judgement {n} needs 'left', 'right' and a 'verdict' of "
                f"positive/negative/unsure ({exc})"
            ) from None
        reason = str(item.get("reason", ""))
        out.append(Judgement(_key(left), _key(right), verdict, reason,
                             Evidence(source, reason, "curated"), "curated"))
    return out


def load_judgements(paths: Sequence[str | Path] = ()) -> list[Judgement]:
    """The shipped judgements followed by those of ``paths`` (later files win)."""
    shipped = resources.files("kg").joinpath("data/judgements.json")
    out = _parse(json.loads(shipped.read_text("utf-8")), "kg/data/judgements.json")
    for p in paths:
        path = Path(p)
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: judgements file not found") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON ({exc}); fix the file and rebuild") from None
        out.extend(_parse(data, str(path)))
    return out


class JudgementIndex:
    """Look-up of curated verdicts by pair of keys; the last judgement of a pair wins."""

    def __init__(self, judgements: Iterable[Judgement]) -> None:
        self._pairs: dict[frozenset[str], Judgement] = {}
        for j in judgements:
            self._pairs[frozenset((j.left, j.right))] = j
        self.keys = {k for pair in self._pairs for k in pair}

    def get(self, a: str, b: str) -> Judgement | None:
        return self._pairs.get(frozenset((a, b)))

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self._pairs.values())
