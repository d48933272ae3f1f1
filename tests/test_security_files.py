"""Broken files and hostile names: clear errors, nothing read from outside content/, nothing written
outside the output folder (issue 7, cases 8 and 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from penjelas.build import Project, build
from penjelas.content.reading import MAX_FILE_BYTES, read_text
from penjelas.core.errors import ContentError, Problem
from penjelas.core.paths import safe_relative
from penjelas.output.staging import StagedOutput
from tests.conftest import run_cli, snapshot
from tests.hostile import INDEX_MD, assert_wrote_only_output, audit_output, explainer, quote, write_content

pytestmark = pytest.mark.usefixtures("hang_guard")


def errors_of(root: Path) -> list[str]:
    """Build ``root``, which must fail without writing anything; the error lines."""
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert not (root / "output").exists()
    return [p.format() for p in caught.value.problems]


def site(tmp_path: Path, files: dict[str, str | bytes], name: str = "site") -> Path:
    return write_content(tmp_path / name, {"explainers/satu/index.md": INDEX_MD, **files})


# --- 8. Encodings, line ends, sizes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "where", "byte"),
    [
        ("explainers/satu/index.md", INDEX_MD.encode() + b"Kalimat \xe9 rusak.\n", "7:9", "0xe9"),
        ("explainers/satu/index.md", '---\ntitle: "Café"\n'.encode() + b"\xff", "3:1", "0xff"),
        ("explainers/satu/timeline.yaml", b'- date: 2024\n  title: "Sa\xc3tu"\n', "2:13", "0xc3"),
        ("site.yaml", b"title: \x80\n", "1:8", "0x80"),
        ("explainers/satu/facts.yaml", b"- label: \xed\xa0\x80\n", "1:10", "0xed"),  # an encoded surrogate
    ],
)
def test_invalid_utf8_is_an_error_at_its_line_and_column(
    tmp_path: Path, name: str, data: bytes, where: str, byte: str
) -> None:
    root = site(tmp_path, {name: data})
    assert errors_of(root) == [
        f"content/{name}:{where}: error: the file is not valid UTF-8 text (byte {byte}) (save it as UTF-8 in your editor)"
    ]


def test_a_byte_order_mark_and_any_line_ends_build_the_same_site(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "explainers/satu/index.md": explainer(body="Paragraf satu.\n\nParagraf dua,\nbaris dua.\n\n## Judul"),
        "explainers/satu/timeline.yaml": "- date: 2024\n  title: Peristiwa\n  text: |\n    Baris satu\n    baris dua\n",
        "explainers/satu/facts.yaml": "- label: Label\n  value: Nilai\n  sources: [kcna]\n",
    }
    reference = write_content(tmp_path / "lf", files)
    build(Project(reference), reference / "output")
    expected = snapshot(reference / "output")
    variants = {
        "bom": lambda text: "\ufeff" + text,
        "crlf": lambda text: text.replace("\n", "\r\n"),
        "cr": lambda text: text.replace("\n", "\r"),
        "bom-crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    }
    for variant, change in variants.items():
        changed = {name: change(str(text)) for name, text in files.items()}
        changed["site.yaml"] = change((reference / "content/site.yaml").read_text())
        root = write_content(tmp_path / variant, changed)
        build(Project(root), root / "output")
        assert snapshot(root / "output") == expected, variant


def test_errors_in_a_crlf_file_have_the_right_line(tmp_path: Path) -> None:
    text = "- date: 2024\r\n  title: Satu\r\n- date: 2024\r\n  titel: Dua\r\n"
    root = site(tmp_path, {"explainers/satu/timeline.yaml": text})
    assert errors_of(root) == [
        "content/explainers/satu/timeline.yaml:4:3: error: unknown key 'titel' in a timeline event "
        "(did you mean 'title'?)",
    ]


@pytest.mark.parametrize("name", ["explainers/satu/index.md", "explainers/satu/timeline.yaml", "sources.yaml"])
def test_a_file_of_several_megabytes_is_refused_with_its_size(tmp_path: Path, name: str) -> None:
    big = ("# Judul\n" + "kata " * 700_000) if name.endswith(".md") else "# " + "x" * 3_499_998 + "\n"
    root = site(tmp_path, {name: big})
    size = len(big.encode())
    assert errors_of(root) == [
        f"content/{name}: error: the file is {size:,} bytes; the limit is 1,000,000 "
        "(split it or shorten it; images and data do not belong in content/)"
    ]


def test_the_size_limit_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * MAX_FILE_BYTES)
    assert len(read_text(path, "x.md")) == MAX_FILE_BYTES
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ContentError, match="the file is 1,000,001 bytes; the limit is 1,000,000"):
        read_text(path, "x.md")


def test_in_indonesian_the_size_is_written_as_indonesians_write_numbers(tmp_path: Path, indonesian: None) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ContentError) as caught:
        read_text(path, "x.md")
    assert [p.format() for p in caught.value.problems] == [
        "x.md: error: ukuran berkas 1.000.001 byte; batasnya 1.000.000 byte"
        " (pecah atau persingkat isinya; gambar dan data tidak ditaruh di content/)"
    ]


@pytest.mark.parametrize(
    ("char", "where"),
    [
        ("\x00", "7:4"),
        ("\x01", "7:4"),
        ("\x0b", "7:4"),
        ("\x1b", "7:4"),
        ("\x7f", "7:4"),
        ("\x85", "7:4"),
        ("\uffff", "7:4"),
    ],
)
def test_invisible_control_characters_are_errors(tmp_path: Path, char: str, where: str) -> None:
    root = site(tmp_path, {"explainers/satu/index.md": INDEX_MD + f"Isi{char}lagi.\n"})
    assert errors_of(root) == [
        f"content/explainers/satu/index.md:{where}: error: the file contains the invisible control character "
        f"U+{ord(char):04X} (delete it; it is usually pasted in by accident)"
    ]


def test_control_characters_escaped_in_yaml_are_errors_too(tmp_path: Path) -> None:
    label, value = quote("a\x1b[2Jb"), quote("c\x85d")
    root = site(tmp_path, {"explainers/satu/facts.yaml": f"- label: {label}\n  value: {value}\n  sources: [kcna]\n"})
    assert errors_of(root) == [
        "content/explainers/satu/facts.yaml:1:10: error: 'label' contains a control character (retype the text)",
        "content/explainers/satu/facts.yaml:2:10: error: 'value' contains a control character (retype the text)",
    ]


def test_a_named_pipe_is_refused_not_read(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    os.mkfifo(root / "content/explainers/satu/timeline.yaml")
    assert errors_of(root) == [
        "content/explainers/satu/timeline.yaml: error: is not an ordinary file (replace it with a text file)"
    ]


def test_a_folder_where_a_file_belongs_is_refused(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    (root / "content/explainers/satu/facts.yaml").mkdir()
    assert errors_of(root) == [
        "content/explainers/satu/facts.yaml: error: is not an ordinary file (replace it with a text file)"
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    (root / "content/explainers/satu/index.md").chmod(0)
    assert errors_of(root) == [
        "content/explainers/satu/index.md: error: cannot be read: Permission denied (check the file's permissions)"
    ]


# --- 9. Names and paths that try to escape -----------------------------------------------------------

BAD_FOLDERS = {
    "satu\\..\\dua": "satu-dua",
    "Satu": "satu",
    "SATU": "satu",
    "satu.": "satu",
    "satu..": "satu",
    "satu ": "satu",
    " satu": "satu",
    "sa tu": "sa-tu",
    "satu--dua": "satu-dua",
    "-satu": "satu",
    "satu_dua": "satu-dua",
    "ｓａｔｕ": "satu",
    "sätu": "satu",
    "satu\n": "satu",
    "satu\x1b[31m": "satu-31m",
    "satu\u202e": "satu",
}


@pytest.mark.parametrize("name", sorted(BAD_FOLDERS))
def test_folder_names_that_are_not_slugs_are_refused(tmp_path: Path, name: str) -> None:
    root = site(tmp_path, {f"explainers/{name}/index.md": INDEX_MD})
    shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    assert errors_of(root) == [
        f"content/explainers/{shown}: error: '{shown}' is not a valid folder name for an explainer "
        f"(use lowercase letters, digits and single hyphens, e.g. '{BAD_FOLDERS[name]}')"
    ]


def test_error_messages_stay_on_one_printable_line(tmp_path: Path) -> None:
    """A name may hold a newline or an escape sequence; a log line must not (think CI log commands)."""
    root = site(tmp_path, {"explainers/x\n::error::forged\x1b[2J/index.md": INDEX_MD})
    os.mkdir(os.fsencode(root / "content/explainers") + b"/\xff\xfe")
    result = run_cli(root, "build")
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.isprintable() for line in lines)
    assert not any(line.startswith("::") for line in lines)
    assert lines[0].startswith("content/explainers/x\\n::error::forged\\x1b[2J: error:")
    assert lines[1].startswith("content/explainers/\\udcff\\udcfe: error:")


def test_a_problem_always_formats_as_one_line() -> None:
    problem = Problem("a\nb", 1, 2, "c\rd\u2028e", "f\x1bg\u202eh")
    assert problem.format() == "a\\nb:1:2: error: c\\rd\\u2028e (f\\x1bg\\u202eh)"


NUL_SLUG = quote("dua\x00")


@pytest.mark.parametrize(
    ("yaml", "error"),
    [
        (
            'related: ["../dua"]',
            "index.md:5:11: error: unknown explainer '../dua' (did you mean 'dua'?)",
        ),
        (
            'related: ["/etc"]',
            "index.md:5:11: error: unknown explainer '/etc' "
            "(use the folder name of an explainer under content/explainers/)",
        ),
        ('related: ["Dua"]', "index.md:5:11: error: unknown explainer 'Dua' (did you mean 'dua'?)"),
        (
            f"related: [{NUL_SLUG}]",
            "index.md:5:11: error: 'related' contains a control character (retype the text)",
        ),
        ('tags: ["..", "/"]', "index.md:5:1: error: the tag '..' has no letters or digits to make a page name from"),
    ],
)
def test_references_that_try_to_escape_are_errors(tmp_path: Path, yaml: str, error: str) -> None:
    root = site(
        tmp_path, {"explainers/satu/index.md": explainer(extra=yaml + "\n"), "explainers/dua/index.md": INDEX_MD}
    )
    assert f"content/explainers/satu/{error}" in errors_of(root)


@pytest.mark.parametrize("key", ["../kcna", "/kcna", "KCNA", "kcna.", "kcna\n", "kcna\x00"])
def test_source_ids_that_are_not_slugs_are_refused(tmp_path: Path, key: str) -> None:
    root = site(tmp_path, {"sources.yaml": f"{quote(key)}:\n  name: KCNA\n"})
    errors = errors_of(root)
    assert len(errors) == 1 and errors[0].startswith("content/sources.yaml:1:1: error: '")
    assert "is not a valid id: use lowercase letters, digits and single hyphens" in errors[0]


def test_tags_build_pages_only_inside_the_output_folder(tmp_path: Path) -> None:
    tags = ["../../luar", "/etc/passwd", "..\\..\\win", "a/../../b", "C:\\x", "~root", "%2e%2e%2fx"]
    root = site(tmp_path, {"explainers/satu/index.md": explainer(extra=f"tags: [{', '.join(map(quote, tags))}]\n")})
    build(Project(root), root / "output")
    out = (root / "output").resolve()
    written = [p for p in out.rglob("*")]
    assert all(p.resolve().is_relative_to(out) for p in written)
    assert sorted(p.name for p in (out / "topik").iterdir() if p.is_dir()) == [
        "2e-2e-2fx",
        "a-b",
        "c-x",
        "etc-passwd",
        "luar",
        "root",
        "win",
    ]
    assert audit_output(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert_wrote_only_output(root)


def test_tags_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "explainers/satu/index.md": explainer(extra="tags: [Rusia]\n"),
            "explainers/dua/index.md": explainer(extra="tags: [rusia]\n"),
        },
    )
    assert errors_of(root) == [
        "content/explainers/satu/index.md:5:1: error: the tag 'Rusia' and the tag 'rusia' in "
        "content/explainers/dua/index.md would both write topik/rusia/index.html (spell it 'rusia' in both)"
    ]


def test_static_files_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    (root / "static/Logo.png").write_bytes(b"A")
    (root / "static/logo.png").write_bytes(b"a")
    assert errors_of(root) == [
        "static/logo.png: error: would write static/logo.png, which static/Logo.png already writes "
        "(names that differ only in case are the same file on Windows and macOS; rename one of them)"
    ]


@pytest.mark.parametrize("name", ["x.", "x ", " x", "a\\b", "x\ny"])
def test_static_file_names_that_cannot_be_published_are_refused(tmp_path: Path, name: str) -> None:
    root = site(tmp_path, {})
    (root / "static" / name).write_bytes(b"x")
    shown = name.encode("unicode_escape").decode("ascii").replace("\\\\", "\\")
    assert errors_of(root) == [
        f"static/{shown}: error: this name cannot be published safely (control characters, a backslash, "
        "a trailing dot or space) (rename the file)"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "a/../../x",
        "/abs",
        "//abs",
        "..\\x",
        "a\\..\\..\\x",
        "x\x00y",
        "x\ny",
        ".",
        "..",
        "",
        "x.",
        "x ",
        " x",
        "a/b./c",
    ],
)
def test_output_paths_that_could_escape_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError):
        safe_relative(path)
    (tmp_path / "output").mkdir()
    with pytest.raises(ContentError) as caught, StagedOutput(tmp_path / "output") as output:
        output.write(path, b"x", "a test")
    assert [p.message for p in caught.value.problems] == [
        f"would write to {path!r}, which is not a safe name inside the output folder"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_symlink_planted_in_the_staging_folder_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(ContentError) as caught, StagedOutput(tmp_path / "output") as output:
        (output.staging / "topik").symlink_to(outside)
        output.write("topik/x/index.html", b"x", "a test")
    assert [p.message for p in caught.value.problems] == ["would write 'topik/x/index.html', outside the output folder"]
    assert list(outside.iterdir()) == []


def test_writes_differing_only_in_case_or_normalisation_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught, StagedOutput(tmp_path / "output") as output:
        output.write("caf\u00e9/index.html", b"x", "first")
        output.write("CAFE\u0301/index.html", b"y", "second")
    assert caught.value.problems[0].message == "would write CAFE\u0301/index.html, which first already writes"


# --- Symbolic links inside content/ ------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project with a secret and a complete explainer in it."""
    folder = tmp_path / "outside"
    (folder / "rahasia").mkdir(parents=True)
    (folder / "secret.txt").write_text("SECRET-TOKEN\n")
    (folder / "rahasia/index.md").write_text(explainer(title="SECRET-TOKEN"))
    return folder


def assert_secret_unread(root: Path, errors: list[str]) -> None:
    assert not any("SECRET-TOKEN" in e for e in errors)
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    ("link", "target", "error"),
    [
        (
            "explainers/rahasia",
            "rahasia",
            "content/explainers/rahasia: error: is a symbolic link; content must be ordinary files and folders "
            "(replace the link with the folder it points to)",
        ),
        (
            "explainers/satu/timeline.yaml",
            "secret.txt",
            "content/explainers/satu/timeline.yaml: error: is a symbolic link; content must be ordinary files "
            "(replace the link with the file it points to)",
        ),
        (
            "sources.yaml",
            "secret.txt",
            "content/sources.yaml: error: is a symbolic link; content must be ordinary files "
            "(replace the link with the file it points to)",
        ),
        (
            "site.yaml",
            "secret.txt",
            "content/site.yaml: error: is a symbolic link; content must be ordinary files "
            "(replace the link with the file it points to)",
        ),
        (
            "explainers/satu/facts.yaml",
            "does-not-exist",
            "content/explainers/satu/facts.yaml: error: is a symbolic link; content must be ordinary files "
            "(replace the link with the file it points to)",
        ),
    ],
)
def test_symlinks_in_content_are_not_followed(
    tmp_path: Path, outside: Path, link: str, target: str, error: str
) -> None:
    root = site(tmp_path, {})
    path = root / "content" / link
    path.unlink(missing_ok=True)
    path.symlink_to(outside / target)
    errors = errors_of(root)
    assert error in errors
    assert_secret_unread(root, errors)


def test_a_symlinked_explainers_folder_is_not_followed(tmp_path: Path, outside: Path) -> None:
    root = site(tmp_path, {})
    (root / "content/explainers/satu/index.md").unlink()
    (root / "content/explainers/satu").rmdir()
    (root / "content/explainers").rmdir()
    (root / "content/explainers").symlink_to(outside)
    errors = errors_of(root)
    assert errors == [
        "content/explainers: error: is a symbolic link; content must be ordinary files and folders "
        "(replace the link with the folder it points to)"
    ]
    assert_secret_unread(root, errors)


def test_a_symlinked_index_md_is_not_followed(tmp_path: Path, outside: Path) -> None:
    root = site(tmp_path, {})
    (root / "content/explainers/satu/index.md").unlink()
    (root / "content/explainers/satu/index.md").symlink_to(outside / "rahasia/index.md")
    errors = errors_of(root)
    assert errors == [
        "content/explainers/satu/index.md: error: is a symbolic link; content must be ordinary files "
        "(replace the link with the file it points to)"
    ]
    assert_secret_unread(root, errors)


def test_a_symlink_in_static_is_not_followed(tmp_path: Path, outside: Path) -> None:
    root = site(tmp_path, {})
    (root / "static/secret.txt").symlink_to(outside / "secret.txt")
    errors = errors_of(root)
    assert errors == ["static/secret.txt: error: symbolic links are not followed (copy the file in instead)"]


# --- The output folder itself ------------------------------------------------------------------------


@pytest.mark.parametrize("out", [".", "..", "content", "content/explainers/x", "templates", "static/x", "locale"])
def test_an_output_folder_among_the_inputs_is_refused(tmp_path: Path, out: str) -> None:
    root = site(tmp_path, {})
    before = snapshot(tmp_path)
    result = run_cli(root, "build", "--out", str(root / out))
    assert result.code == 1
    assert "error: the output folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    home = tmp_path / "home"
    (home / "documents").mkdir(parents=True)
    (home / "documents/thesis.txt").write_text("years of work")
    result = run_cli(root, "build", "--out", str(home))
    assert result.code == 1
    assert f"{home}: error: the output folder is not empty and holds no index.html" in result.stderr
    assert (home / "documents/thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "site"]


def test_an_empty_folder_or_a_previous_site_is_replaced(tmp_path: Path) -> None:
    root = site(tmp_path, {})
    (tmp_path / "empty").mkdir()
    assert run_cli(root, "build", "--out", str(tmp_path / "empty")).code == 0
    assert (tmp_path / "empty/index.html").is_file()
    assert run_cli(root, "build", "--out", str(tmp_path / "empty")).code == 0


def test_a_file_that_grows_or_reads_short_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read asks for the size lstat gave; a file that grew since, or a read that came back short, reads on."""
    import penjelas.content.reading

    path = tmp_path / "x.md"
    path.write_bytes(b"abc\n" * 1000)
    real_lstat, real_read = os.lstat, os.read
    monkeypatch.setattr(
        penjelas.content.reading.os, "lstat", lambda p: os.stat_result((*real_lstat(p)[:6], 10, 0, 0, 0))
    )
    assert read_text(path, "x.md") == "abc\n" * 1000  # lstat said 10 bytes
    monkeypatch.setattr(penjelas.content.reading.os, "lstat", real_lstat)
    monkeypatch.setattr(penjelas.content.reading.os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    assert read_text(path, "x.md") == "abc\n" * 1000  # every read gave 7 bytes at most
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 5))
    with pytest.raises(ContentError, match="the file is 1,000,005 bytes; the limit is 1,000,000"):
        read_text(path, "x.md")


def test_a_named_pipe_does_not_stall_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    root = site(tmp_path, {})
    pipe = root / "content/explainers/satu/timeline.yaml"

    def build_cli() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"]
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)

    os.mkfifo(pipe)  # no record of a last build: its inputs are hashed aside while the generator loads
    done = build_cli()
    assert done.returncode == 1 and "timeline.yaml: error: is not an ordinary file" in done.stderr
    pipe.unlink()
    assert build_cli().returncode == 0
    os.mkfifo(pipe)  # with a record: the no-op check first, in the process itself
    done = build_cli()
    assert done.returncode == 1 and "timeline.yaml: error: is not an ordinary file" in done.stderr
