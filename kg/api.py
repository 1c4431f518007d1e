"""The library functions behind the CLI: one per command, each testable without a shell.

``build`` reads inputs, builds the graph, and replaces the output folder as a whole: every
file is written into a new folder beside OUT/ (``.OUT.tmp-*``), the graph is parsed back by
Oxigraph (so no build ever leaves a graph that ``kg load``/``kg serve`` refuse), then OUT/ is
renamed to ``.OUT.old``, the new folder to OUT/, and the old one deleted. A crash or Ctrl-C
leaves the previous output (or none) and never files of two builds side by side; a crash
between the two renames (OUT/ missing, ``.OUT.old`` present) is repaired by the next build
or update into OUT/, which puts the old folder back before it starts. ``report.json`` says
how many documents were read, built and skipped, and why.

Builds into one OUT/ are serialised by a lock (``fcntl.flock`` on ``.OUT.lock`` beside it,
kept on disk): a second build into the same OUT/ fails at once with a message. The checks
that need no extraction come first (OUT/ is a folder or absent, holds only files kg writes,
its parent is writable, the extractors exist), so a mistake is reported before hours of
work. A build that reads no document at all (a mistyped folder, an empty one) changes
nothing and fails (``NothingToBuild``): it never replaces a good graph with an empty one.

Every build also keeps what it read from each document in ``OUT/extractions.jsonl.gz``
(``kg.assemble.extraction_store``: JSON lines, never a pickle), so that ``update`` (``kg build
--update OUT/ NEW...``) extracts only new documents and assembles again, giving the graph a
full rebuild would give. Extraction runs on ``jobs`` processes (default: every core; more
than the cores are capped, with a notice) or on Dask (``engine="dask"``); the output is the
same byte for byte.

Limits: the lock and the swap need a POSIX file system (``fcntl``; on other systems builds
are not locked); another process reading OUT/ during the instant between the two renames
finds no OUT/.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.assemble import DEFAULT_EXTRACTORS, DocumentExtraction, assemble, extract_items
from kg.assemble.extraction_store import OLD_STORE_NAMES, STORE_NAME, read_store, write_store
from kg.assemble.parallel import default_jobs
from kg.errors import InputError, KgError, NothingToBuild, OutputError
from kg.export import OUTPUT_FILES, OUTPUT_FOLDERS, write_all
from kg.model import Document, EntityType, KnowledgeGraph, Problem
from kg.text.ingest import iter_inputs

REPORT_NAME = "report.json"

@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build did: counts, the files written, and every problem met."""

    documents: int
    entities: int
    raids: int
    relations: int
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.fatal)


def report_dict(graph: KnowledgeGraph) -> dict:
    """The content of ``report.json``."""
    return {
        "documents_built": len(graph.documents),
        "documents_skipped": sum(1 for p in graph.problems if p.fatal),
        "warnings": sum(1 for p in graph.problems if not p.fatal),
        "entities": len(graph.entities),
        "raids": len(graph.raids),
        "relations": len(graph.relations),
        # [places with latitude/longitude, all places]: how much of the graph a map can show
        "places_with_coordinates": [
            sum(1 for e in graph.entities if e.type is EntityType.PLACE and e.lat is not None),
            sum(1 for e in graph.entities if e.type is EntityType.PLACE),
        ],
        "problems": [
            {
                "source": p.source,
                "line": p.line,
                "doc_id": p.doc_id,
                "reason": p.reason,
                "skipped": p.fatal,
            }
            for p in graph.problems
        ],
    }


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the graph of ``inputs`` and write it to ``out_dir`` (replaced as a whole).

    ``jobs``: extraction processes (None: every core; 1: serial; more than the cores: the
    cores, with a ``on_notice`` message); ``engine="dask"`` extracts on the Dask scheduler at
    ``scheduler`` (None: a local cluster). Same output either way. Raises NothingToBuild
    (OUT/ untouched) when no document could be read, OutputError when OUT/ cannot be written.
    """
    out = Path(out_dir)
    _check_extractors(extractors)
    jobs = _capped_jobs(jobs, engine, on_notice)
    with output_lock(out):
        extractions, problems = extract_items(
            _reported(iter_inputs(inputs), on_problem), extractors, progress, jobs, engine,
            scheduler,
        )
        if not extractions:
            raise NothingToBuild(
                f"no document could be read from {', '.join(map(str, inputs))} (see the "
                f"messages above); {_left(out)}: check the paths and give files or folders "
                "of .txt or .jsonl articles"
            )
        return _finish(out, extractions, problems, tuple(extractors), judgement_files)


def update(
    out_dir: str | Path,
    inputs: Sequence[str | Path],
    extractors: Sequence[str] | None = None,
    judgement_files: Sequence[str] = (),
    progress: Callable[[int, str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Add the documents of ``inputs`` to the build in ``out_dir`` without reading the old
    ones again: their extractions come from ``OUT/extractions.jsonl.gz``; identity is decided
    again over all documents, so the graph equals a full rebuild over old and new inputs.

    An id the build already has is reported as a duplicate (the old document is kept), as
    in a full build; when no new document could be read, nothing changes (NothingToBuild).
    ``extractors`` must be those of the stored build (None: the same); ``judgement_files``
    are applied afresh (give them again if the first build had them).
    """
    out = Path(out_dir)
    jobs = _capped_jobs(jobs, engine, on_notice)
    with output_lock(out):
        store = read_store(out)
        if extractors is not None and tuple(extractors) != store.extractors:
            raise InputError(
                f"{out_dir} was built with extractors {','.join(store.extractors)}, not "
                f"{','.join(extractors)}: update with the same extractors (omit --extractors) "
                "or run a full build"
            )
        known = {e.document.id: e.document.source for e in store.extractions}
        items = _reported(iter_inputs(inputs, known_ids=known), on_problem)
        extractions, problems = extract_items(
            items, store.extractors, progress, jobs, engine, scheduler
        )
        if not extractions:
            raise NothingToBuild(
                f"no new document could be read from {', '.join(map(str, inputs))} (see the "
                f"messages above); {_left(out)}"
            )
        return _finish(
            out,
            store.extractions + extractions,
            store.problems + problems,
            store.extractors,
            judgement_files,
        )


def _left(out: Path) -> str:
    return f"{out} was left as it was" if out.exists() else f"{out} was not created"


def _check_extractors(names: Sequence[str]) -> None:
    """Unknown extractor names are refused before anything is read."""
    from kg.extract import available

    known = available()
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        what = f"unknown extractor {', '.join(map(repr, unknown))}" if unknown else "no extractor"
        raise InputError(f"{what}; give a comma-separated list of: {', '.join(known)}")


def _capped_jobs(
    jobs: int | None, engine: str, on_notice: Callable[[str], None] | None
) -> int | None:
    """``jobs`` at most the cores this process may use: more processes only compete for
    them, and ``--jobs 100000`` would fork a hundred thousand processes."""
    cores = default_jobs()
    if engine != "process" or jobs is None or jobs <= cores:
        return jobs
    if on_notice is not None:
        on_notice(f"--jobs {jobs} is more than the {cores} core(s) this process may use; "
                  f"using {cores}")
    return cores


# ----------------------------------------------------------------------------- the output


def _hidden(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}"


def _os_error(err: OSError, out: Path, doing: str) -> OutputError:
    """An OSError met while writing, as a message that says what to do."""
    advice = {
        errno.ENOSPC: "the disk is full: free some space",
        errno.EDQUOT: "the disk quota is used up: free some space",
        errno.EROFS: "the file system is read-only: choose another -o folder",
        errno.EACCES: "no permission: choose a folder you may write to",
        errno.EPERM: "no permission: choose a folder you may write to",
    }.get(err.errno or 0, "check the folder and the disk")
    where = f" ({err.filename})" if err.filename else ""
    return OutputError(
        f"cannot {doing}: {err.strerror or err}{where}; {advice}; {_left(out)}"
    )


def _kg_names() -> set[str]:
    """The files a build writes into OUT/ (and kg's earlier store name)."""
    return {*OUTPUT_FILES, *OUTPUT_FOLDERS, REPORT_NAME, STORE_NAME, *OLD_STORE_NAMES}


def _check_output(out: Path, expected: set[str] | None = None) -> None:
    """OUT/ may be replaced as a whole: absent, or a folder holding only files kg writes."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise InputError(
            f"{out} exists and is not a folder; give -o a new or empty folder, or the "
            "folder of an earlier build"
        )
    if not out.exists():
        return
    try:
        names = {p.name for p in out.iterdir()}
    except OSError as err:
        raise _os_error(err, out, f"read the output folder {out}") from err
    foreign = sorted(names - (expected or set()) - _kg_names())
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise InputError(
            f"{out} holds files kg did not write ({shown}); a build replaces its output "
            "folder as a whole: move them elsewhere or give -o a new or empty folder"
        )


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` (``.OUT.lock`` beside it), after the up-front checks, and
    repair what a crashed build left (see the module docstring)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise InputError(f"{out.parent} is not a folder; give -o a path in a folder") from err
    except OSError as err:
        raise _os_error(err, out, f"create {out.parent}") from err
    _check_output(out)
    lock = _hidden(out, "lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise _os_error(err, out, f"write beside {out} (lock file {lock})") from err
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise OutputError(
                    f"another kg build is writing {out} now (it holds {lock}); wait for it "
                    "to finish, or give -o another folder"
                ) from err
        _recover(out)
        yield
    finally:
        os.close(fd)  # releases the lock


def _recover(out: Path) -> None:
    """Undo what a build killed while swapping left: put ``.OUT.old`` back when OUT/ is
    missing, delete it when OUT/ is there, delete unfinished ``.OUT.tmp-*`` folders. Runs
    under the lock, so no other build is using them."""
    old = _hidden(out, "old")
    try:
        if old.is_dir() and not out.exists():
            os.rename(old, out)
        elif old.exists():
            shutil.rmtree(old)
        for tmp in out.parent.glob(f".{out.name}.tmp-*"):
            if tmp.is_dir():
                shutil.rmtree(tmp)
    except OSError as err:
        raise _os_error(err, out, f"clean up after an earlier build beside {out}") from err


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; on Ctrl-C in between, undo the first."""
    old = _hidden(out, "old")
    moved = False
    try:
        if out.exists():
            os.rename(out, old)
            moved = True
        os.rename(tmp, out)
    except BaseException:
        if moved and not out.exists():
            os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def check_turtle(path: Path) -> None:
    """Parse ``path`` with Oxigraph (what ``kg load``, ``kg serve`` and ``kg query --store
    oxigraph`` use, and stricter than rdflib about IRIs): a graph it refuses is never
    published. KgError (a bug of kg, since the writer validates every IRI) when it fails."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as err:
        raise KgError(
            f"the graph written is not valid Turtle for Oxigraph ({err}); this is a bug of kg, "
            "please report it with the input that caused it"
        ) from err


def _reported(
    items: Iterable[Document | Problem], on_problem: Callable[[Problem], None] | None
) -> Iterator[Document | Problem]:
    for item in items:
        if isinstance(item, Problem) and on_problem is not None:
            on_problem(item)
        yield item


def _finish(
    out: Path,
    extractions: list[DocumentExtraction],
    problems: list[Problem],
    extractors: tuple[str, ...],
    judgement_files: Sequence[str],
) -> BuildSummary:
    """Assemble the graph, write every output file and the store into a new folder, check
    the graph, and swap the folder in (the caller holds the lock)."""
    graph = assemble(extractions, problems, judgement_files)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's 0700 would become OUT/'s mode
    except OSError as err:
        raise _os_error(err, out, f"write beside {out}") from err
    try:
        try:
            write_all(graph, tmp)
            (tmp / REPORT_NAME).write_text(
                json.dumps(report_dict(graph), ensure_ascii=False, indent=2, sort_keys=True)
                + "\n",
                "utf-8",
            )
            write_store(tmp / STORE_NAME, extractions, problems, extractors)
        except OSError as err:
            raise _os_error(err, out, f"write the output of {out}") from err
        check_turtle(tmp / "graph.ttl")
        new_names = {p.name for p in tmp.iterdir()}
        _check_output(out, new_names)
        try:
            _swap(tmp, out)
        except OSError as err:
            raise _os_error(err, out, f"move the new output into {out}") from err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildSummary(
        len(graph.documents),
        len(graph.entities),
        len(graph.raids),
        len(graph.relations),
        graph.problems,
        tuple(out / name for name in sorted(new_names)),
    )
