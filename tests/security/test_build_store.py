"""Issue 22, case 7: the extraction store cannot run code.

It was a pickle (``OUT/extractions.pkl.gz``): a crafted one ran code on ``kg build
--update``. Now it is gzip JSON lines (``extractions.jsonl.gz``) with a format version, read
by a typed decoder that rebuilds the frozen dataclasses of ``kg.model`` exactly; anything
else is refused with a ``kg:`` message, and an old pickle store is never opened.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import pickle
from pathlib import Path

import pytest
from buildsafe_support import EXTRACTORS, article

from kg import api
from kg.assemble import extract_items
from kg.assemble.extraction_store import STORE_NAME, decode, encode, read_store, write_store
from kg.cli import main
from kg.errors import InputError
from kg.model import (
    Claim,
    DatePrecision,
    DateValue,
    Entity,
    EntityType,
    EventKind,
    Evidence,
    Judgement,
    KnowledgeGraph,
    Problem,
    Raid,
    Relation,
    RelationType,
    Role,
    Verdict,
)
from kg.text.ingest import iter_inputs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def shape(value: object) -> object:
    """``value`` with the type of every part spelled out: ``==`` alone would take a str
    for an enum member, or a list for a tuple."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                [shape(getattr(value, f.name)) for f in dataclasses.fields(value)])
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, [shape(v) for v in value])
    return (type(value).__name__, value)


@pytest.fixture(scope="module")
def seed_extractions() -> tuple[list, list]:
    return extract_items(iter_inputs([SEEDS]), ("kb", "pattern", "crf"), jobs=1)


def test_seed_extractions_round_trip_exactly(
    seed_extractions: tuple[list, list], tmp_path: Path
) -> None:
    exs, problems = seed_extractions
    assert exs and any(e.raids for e in exs) and any(e.aliases for e in exs)
    write_store(tmp_path / STORE_NAME, exs, problems, ("kb", "pattern", "crf"))
    store = read_store(tmp_path)
    want = sorted(exs, key=lambda e: e.document.id)
    assert store.extractions == want and store.problems == problems
    assert shape(store.extractions) == shape(want)
    assert store.extractors == ("kb", "pattern", "crf")


def test_every_model_type_round_trips() -> None:
    """Unions (``Role | str``, ``X | None``), nested tuples, enums, floats kept as written."""
    ev = Evidence("d1", "جملة", "cue:المعروف باسم")
    judgements = (Judgement("a", "b", Verdict.NEGATIVE, "rule", ev),
                  Judgement("a", "c", Verdict.POSITIVE, "r2"))
    claims = (Claim(Role.KILLED, "e1", "d1", "x"), Claim("date", "2019", "d1", "y"))
    graph = KnowledgeGraph(
        entities=(Entity(id="e1", type=EntityType.PERSON, label_ar="أبو عمر", aliases_ar=("عمر",),
                         subtypes=("Leader",), docs=("d1",), mentions=("d1:0-5",),
                         judgements=judgements, lat=36.5, lon=40),),
        raids=(Raid("r1", EventKind.AIRSTRIKE, killed=("e1",), casualties=((Role.WOUNDED, 4),),
                    dates=(DateValue("--07-07", DatePrecision.MONTH_DAY, "7 تموز"),),
                    claims=claims),),
        relations=(Relation("e1", RelationType.MEMBER_OF, "e2", (ev,)),),
        problems=(Problem("f.txt", None, "why", None, False),),
    )  # fmt: skip
    back = decode(encode(graph), KnowledgeGraph)
    assert back == graph and shape(back) == shape(graph)
    assert type(back.entities[0].lon) is int  # 40 stays 40, not 40.0
    assert back.raids[0].claims[1].role == "date" and back.raids[0].claims[0].role is Role.KILLED


@pytest.mark.parametrize(
    ("line", "tp"),
    [
        ('["f.txt", "one", "why", null, true]', Problem),  # line not an int
        ('["f.txt", null, "why", null]', Problem),  # a field missing
        ('["d", "t", "rule", "x"]', Evidence),  # a field too many
        ('["a", "b", "maybe", "r", null, "resolver"]', Judgement),  # not a Verdict
        ('{"doc_id": "d"}', Evidence),  # not the stored form
    ],
)
def test_values_that_do_not_fit_the_model_are_refused(line: str, tp: type) -> None:
    with pytest.raises(ValueError):
        decode(line, tp)


class Exploit:
    """What a crafted pickle does: run a command when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (self.marker, "pwned"))  # type: ignore[return-value]


def test_a_crafted_pickle_store_runs_nothing(
    tmp_path: Path, good_out: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = good_out
    marker = tmp_path / "marker"
    (out / STORE_NAME).unlink()
    with gzip.open(out / "extractions.pkl.gz", "wb") as fh:  # the store name of older kg
        pickle.dump(Exploit(marker), fh)
    new = tmp_path / "new.txt"
    new.write_text(article(3), encoding="utf-8")
    assert main(["build", "--update", str(out), str(new), "-q"]) == 1
    err = capsys.readouterr().err
    assert "kg: error:" in err and "pickle" in err and "full `kg build" in err
    assert not marker.exists()
    # the same bytes under the new name: not JSON, refused as damaged, nothing run
    (out / "extractions.pkl.gz").rename(out / STORE_NAME)
    with pytest.raises(InputError, match="not a kg extraction store"):
        api.update(out, [new])
    assert not marker.exists()


def test_store_is_versioned_json_lines(good_out: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = good_out
    lines = gzip.decompress((out / STORE_NAME).read_bytes()).decode("utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "kg-extractions" and header["version"] == 2
    assert header["documents"] == 2 and header["extractors"] == list(EXTRACTORS)
    assert all(isinstance(json.loads(line), list) for line in lines[1:])
    header["version"] = 99
    lines[0] = json.dumps(header)
    (out / STORE_NAME).write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    with pytest.raises(InputError, match="another version of kg.*99.*full `kg build"):
        read_store(out)


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    text = gzip.decompress(data).decode("utf-8").splitlines()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zlib":  # the deflate stream itself broken (zlib.error)
        path.write_bytes(data[:10] + bytes(b ^ 0x5A for b in data[10:40]) + data[40:])
    elif how == "lines_missing":
        path.write_bytes(gzip.compress(("\n".join(text[:-1]) + "\n").encode()))
    elif how == "header_counts":
        header = json.loads(text[0])
        del header["documents"]
        path.write_bytes(gzip.compress((json.dumps(header) + "\n").encode()))
    elif how == "wrong_type":
        row = json.loads(text[-1])
        row[0] = {"id": "x"}
        text[-1] = json.dumps(row)
        path.write_bytes(gzip.compress(("\n".join(text) + "\n").encode()))


@pytest.mark.parametrize(
    "how", ["truncated", "zlib", "lines_missing", "header_counts", "wrong_type"]
)
def test_a_damaged_store_is_a_kg_error(
    good_out: tuple[Path, dict[str, bytes]], how: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, _ = good_out
    damage(out / STORE_NAME, how)
    damaged = (out / STORE_NAME).read_bytes()
    new = tmp_path / "new.txt"
    new.write_text(article(3), encoding="utf-8")
    assert main(["build", "--update", str(out), str(new), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error:") and "full `kg build" in err and "Traceback" not in err
    assert (out / STORE_NAME).read_bytes() == damaged  # nothing rewritten
