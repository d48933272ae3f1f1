"""What a build leaves for the next one (in .cache/build/, git-ignored): parsed explainers, the inputs each
page was rendered from, and the files written, so an unchanged page is neither rendered nor written again.

The state only ever saves time. It is read defensively (anything unexpected: start from nothing) and written
atomically after a build succeeded, so an interrupted or failed build cannot leave it claiming too much.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import mmap
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from penjelas import __version__
from penjelas.content.loader import ParsedExplainers
from penjelas.content.model import DEFERRED, REST, Explainer
from penjelas.site.related import RelatedMemo

STATE_VERSION = f"{__version__}/7"
"""Change it whenever what is stored changes meaning; an older state is then ignored."""


@dataclass(frozen=True)
class Written:
    """A file as the last build left it in the output folder."""

    size: int
    mtime_ns: int
    inode: int
    sha256: str


_KNOWN: dict[Path, tuple[tuple[int, int, int], BuildState]] = {}
"""The state this process last saved or loaded, by file, with the file's identity then."""
Blob = bytes | memoryview
_PICKLED: dict[tuple[str, str], tuple[Blob, Blob]] = {}
"""Each parsed explainer as pickled when the state was last loaded or saved, by (folder, key): a save
pickles again only the explainers parsed since (after a one-explainer edit, one of a thousand)."""


def _pickled(explainer: Explainer) -> tuple[bytes, bytes]:
    """An explainer in two pickles: what other pages list of it (and the sources it cites), then the
    fields only its own page needs (``model.DEFERRED``)."""
    shown = {k: v for k, v in vars(explainer).items() if k not in DEFERRED and k != REST}
    shown["cited"] = explainer.cited
    rest = {k: getattr(explainer, k) for k in DEFERRED}
    return pickle.dumps(shown, protocol=pickle.HIGHEST_PROTOCOL), pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(shown: Blob, rest: Blob) -> Explainer:
    """The explainer of ``_pickled``, with the second pickle read only when one of its fields is first asked
    for: a rebuild after one edit renders one page, and needs of the others only what listings show."""
    explainer: Explainer = Explainer.__new__(Explainer)
    explainer.__dict__.update(pickle.loads(shown))
    explainer.__dict__[REST] = functools.partial(pickle.loads, rest)
    return explainer


def _spilled(fresh: list[tuple[str, str, Explainer]]) -> list[tuple[Blob, Blob]] | None:
    """``_pickled`` of each explainer, written to a temporary file and mapped back; None if it cannot be."""
    lengths = []
    try:
        with tempfile.TemporaryFile(prefix="penjelas-state-") as spill:
            for _name, _key, explainer in fresh:
                shown, rest = _pickled(explainer)
                spill.write(shown)
                spill.write(rest)
                lengths.append((len(shown), len(rest)))
            spill.flush()
            view = memoryview(mmap.mmap(spill.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None
    blobs: list[tuple[Blob, Blob]] = []
    start = 0  # the mapping outlives the file's descriptor, and the file itself (deleted on closing)
    for shown_length, rest_length in lengths:
        middle = start + shown_length
        blobs.append((view[start:middle], view[middle : middle + rest_length]))
        start = middle + rest_length
    return blobs


SPILL_FROM = 64
"""Fresh explainers from this many on are pickled into a temporary file rather than kept in memory."""


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


@dataclass
class BuildState:
    explainers: ParsedExplainers = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    """Output path -> digest of what the page was rendered from."""
    extras: dict[str, str] = field(default_factory=dict)
    """Output path -> digest of what a feed, the sitemap or robots.txt was made from."""
    output: str = ""
    """The output folder the files below are in (absolute)."""
    files: dict[str, Written] = field(default_factory=dict)
    templates: str = ""
    """Digest of the templates (and generator) this build checked: templates naming only ones that exist."""
    related: RelatedMemo = field(default_factory=dict)
    """The related lists, under the digest of what they were worked out from (site.remembered_related)."""

    @classmethod
    def load(cls, path: Path) -> BuildState:
        """The state saved by the last build, or an empty one.

        A process that saved or loaded this very file (same inode, size and time) gets that state back
        without reading it: the preview builds again and again, and so do tests.
        """
        identity = _identity(path)
        known = _KNOWN.get(path)
        if known is not None and identity is not None and known[0] == identity:
            return known[1]
        collecting = gc.isenabled()
        gc.disable()  # a thousand explainers unpickled make many objects, none garbage: no use looking
        try:
            with path.open("rb") as handle:
                if pickle.load(handle) != STATE_VERSION:  # the version first: an older state is not unpickled
                    return cls()
                fields, index = pickle.load(handle)
                start = handle.tell()
                blobs = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if index else b""
            view = memoryview(blobs)
            explainers: ParsedExplainers = {}
            pickled: dict[tuple[str, str], tuple[Blob, Blob]] = {}
            for name, key, shown_length, rest_length in index:
                middle = start + shown_length
                shown, rest = view[start:middle], view[middle : middle + rest_length]
                start = middle + rest_length
                explainers[name] = (key, _unpickled(shown, rest))
                pickled[(name, key)] = (shown, rest)
            state = cls(explainers=explainers, **fields)
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            ValueError,
            TypeError,
            AttributeError,
            ImportError,
            AssertionError,
        ):
            return cls()
        finally:
            if collecting:
                gc.enable()
        _PICKLED.clear()
        _PICKLED.update(pickled)
        if identity is not None:
            _KNOWN[path] = (identity, state)
        return state

    def pickle_explainers(self) -> None:
        """Pickle the explainers that ``save`` would have to pickle, ahead of it: a build does this while
        other processes render, where a cold build's thousand explainers would otherwise wait for the end.

        Many are kept in a temporary file, mapped into memory, rather than in this process's own memory:
        thousands of explainers make tens of megabytes of pickles, while the processes rendering meanwhile
        need room too.
        """
        fresh = [(name, key, e) for name, (key, e) in self.explainers.items() if (name, key) not in _PICKLED]
        pickles = _spilled(fresh) if len(fresh) >= SPILL_FROM else None
        if pickles is None:  # few, or no room for the file: kept in memory
            pickles = [_pickled(explainer) for _name, _key, explainer in fresh]
        _PICKLED.update(((name, key), blobs) for (name, key, _explainer), blobs in zip(fresh, pickles, strict=True))

    def save(self, path: Path) -> None:
        """Write the state atomically; a folder that cannot be written only costs the next build time.

        The file holds the version, the state without the explainers with an index of them, then each
        explainer pickled on its own, in two parts (``_pickled``). Loading maps that last part into memory
        rather than copying it, and an explainer unchanged since is written out again from there, not
        pickled again: after a one-explainer edit, one of a thousand is pickled, and the pickles take no
        memory of the process's own (nor of the processes it forks to render, which a copy in memory would
        be counted in too).
        """
        temporary = None
        try:
            pickled: dict[tuple[str, str], tuple[Blob, Blob]] = {}
            index: list[tuple[str, str, int, int]] = []
            for name, (key, explainer) in self.explainers.items():
                blobs = _PICKLED.get((name, key)) or _pickled(explainer)
                pickled[(name, key)] = blobs
                index.append((name, key, len(blobs[0]), len(blobs[1])))
            fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "explainers"}
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".state-", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                pickle.dump(STATE_VERSION, out, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((fields, index), out, protocol=pickle.HIGHEST_PROTOCOL)
                for shown, rest in pickled.values():
                    out.write(shown)
                    out.write(rest)
            os.replace(temporary, path)
            _PICKLED.clear()  # what this state holds, so a long run of builds does not accumulate
            _PICKLED.update(pickled)
            identity = _identity(path)
            if identity is not None:
                _KNOWN[path] = (identity, self)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def intact(self, out_dir: Path, path: str, info: os.stat_result | None) -> Written | None:
        """The record of ``path`` if the output folder still holds exactly the file the last build wrote,
        judged by ``info``, the file's ``lstat`` now (None: it is missing)."""
        record = self.files.get(path)
        if record is None or info is None or self.output != str(out_dir):
            return None
        same = (info.st_size, info.st_mtime_ns, info.st_ino) == (record.size, record.mtime_ns, record.inode)
        return record if same else None
