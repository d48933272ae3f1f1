"""The editor's guide (docs/panduan-editor.md): every example in it is checked.

The guide's code blocks carry, after the language, what to do with them:
  ```yaml file=PATH               the whole file PATH;
  ```yaml file=PATH append        added at the end of PATH;
  ```yaml file=PATH front-matter  added to the front matter of PATH (an index.md);
  ```yaml file=PATH broken        a mistake: the whole file PATH, and the ```text block right after it
                                  is exactly what `check` prints about it.
The valid blocks, applied in order on top of a copy of the project (after the guide's `make new`),
must pass `check`; each broken block must produce its text block. `make` commands in ```sh blocks must be
Makefile targets, and `make new` must create the folder the guide names.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from penjelas.build import Options, Project, build
from tests.conftest import ROOT, check_lines, copy_project, run_cli

GUIDE = ROOT / "docs" / "panduan-editor.md"
MODES = ("whole", "append", "front-matter", "broken")


@dataclass(frozen=True)
class Block:
    language: str
    path: str
    mode: str
    text: str
    line: int
    expected: tuple[str, ...] = ()
    """For a broken block: the lines `check` prints about it."""


def _blocks() -> tuple[list[Block], list[list[str]]]:
    """The guide's file blocks (in order) and its shell commands."""
    fences = [t for t in MarkdownIt("commonmark").parse(GUIDE.read_text(encoding="utf-8")) if t.type == "fence"]
    blocks: list[Block] = []
    commands: list[list[str]] = []
    for index, fence in enumerate(fences):
        words = fence.info.split()
        language = words[0] if words else ""
        line = (fence.map or [0])[0] + 1
        if language == "sh":
            commands += [shlex.split(cmd) for cmd in fence.content.splitlines() if cmd.strip()]
            continue
        if language == "text":
            previous = fences[index - 1] if index else None
            assert previous is not None and previous.info.split()[-1] == "broken", (
                f"line {line}: a text block must follow a broken example (nothing else checks it)"
            )
            continue
        assert language in ("yaml", "markdown"), f"line {line}: an unchecked {language or 'plain'} block"
        attributes = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        flags = [word for word in words[1:] if "=" not in word]
        assert "file" in attributes, f"line {line}: say which file the example is, with file=PATH"
        mode = flags[0] if flags else "whole"
        assert mode in MODES, f"line {line}: unknown mode {mode!r}"
        expected: tuple[str, ...] = ()
        if mode == "broken":
            following = fences[index + 1] if index + 1 < len(fences) else None
            assert following is not None and following.info.strip() == "text", (
                f"line {line}: a broken example needs the error text after it"
            )
            expected = tuple(following.content.splitlines())
        blocks.append(Block(language, attributes["file"], mode, fence.content, line, expected))
    return blocks, commands


def _apply(root: Path, block: Block) -> None:
    target = root / block.path
    if block.mode in ("whole", "broken"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    elif block.mode == "append":
        before = target.read_text(encoding="utf-8")
        target.write_text(before + ("" if before.endswith("\n") else "\n") + block.text, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        closing = re.compile(r"^---[ \t]*$", re.MULTILINE)
        end = closing.search(text, text.index("\n") + 1)
        assert end is not None, f"{block.path} has no front matter"
        target.write_text(text[: end.start()] + block.text + text[end.start() :], encoding="utf-8")


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


@pytest.fixture(scope="module", autouse=True)
def _in_indonesian() -> Iterator[None]:
    """The guide shows what editors read: the messages in Indonesian."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PENJELAS_LANG", "id")
        yield


@pytest.fixture(scope="module")
def guided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project after doing everything the guide shows, in order."""
    root = copy_project(tmp_path_factory.mktemp("guide") / "site")
    blocks, commands = _blocks()
    new = [c for c in commands if c[:2] == ["make", "new"] and any(a.startswith("SLUG=") for a in c)]
    assert new, "the guide shows `make new ... SLUG=...`"
    variables = dict(argument.split("=", 1) for argument in new[0][2:])
    done = run_cli(root, "new", variables["TITLE"], "--slug", variables["SLUG"])
    assert done.code == 0, done.stderr
    for block in blocks:
        if block.mode != "broken":
            _apply(root, block)
    return root


def test_the_examples_pass_check(guided: Path, tmp_path: Path) -> None:
    assert check_lines(guided) == []
    assert check_lines(guided, drafts=True) == []
    out = tmp_path / "out"
    build(Project(guided), out, Options())
    page = (out / "el-nino" / "index.html").read_text(encoding="utf-8")
    for shown in (
        "NOAA menyatakan El Niño telah terbentuk",
        "NOAA menyatakan El Niño telah berakhir",  # appended
        "Dampak umum di Indonesia",  # appended
        ">BMKG</a>",
        "El Niño dan La Niña, penjelasan dari BMKG",  # read_also, added to the front matter
        "/perjanjian-pertahanan-korea-utara-rusia-2024/",  # related
    ):
        assert shown in page, shown


@pytest.mark.parametrize("block", [b for b in _blocks()[0] if b.mode == "broken"], ids=lambda b: f"line{b.line}")
def test_each_error_example_prints_what_the_guide_says(guided: Path, tmp_path: Path, block: Block) -> None:
    root = tmp_path / "site"
    shutil.copytree(guided, root)
    _apply(root, block)
    assert tuple(check_lines(root)) == block.expected


def test_the_commands_exist() -> None:
    _, commands = _blocks()
    targets = _make_targets()
    assert commands
    for command in commands:
        assert command[0] == "make", f"{command}: the guide uses make for everything"
        assert command[1] in targets, f"make {command[1]} is not a Makefile target"


def test_make_new_creates_the_folder_the_guide_names(tmp_path: Path) -> None:
    _, commands = _blocks()
    plain = next(c for c in commands if c[:2] == ["make", "new"] and len(c) == 3)
    title = plain[2].split("=", 1)[1]
    root = copy_project(tmp_path / "site")
    done = run_cli(root, "new", title)
    assert done.code == 0, done.stderr
    (folder,) = [p for p in (root / "content" / "explainers").iterdir() if "el-nino" in p.name]
    assert f"`content/explainers/{folder.name}/`" in GUIDE.read_text(encoding="utf-8")


def test_every_file_block_is_checked() -> None:
    blocks, _ = _blocks()
    text = GUIDE.read_text(encoding="utf-8")
    assert len(blocks) == text.count("```yaml") + text.count("```markdown")
    assert sum(b.mode == "broken" for b in blocks) == text.count("```text")
