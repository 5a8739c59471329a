"""The Welsh message catalogue: extract, check and compile (docs/welsh.md).

    .venv/bin/python scripts/messages.py update    # extract every marked string into
                                                   # locale/cy/LC_MESSAGES/django.po (keeping
                                                   # translations), then compile django.mo
    .venv/bin/python scripts/messages.py compile   # django.po -> django.mo only
    .venv/bin/python scripts/messages.py check     # exit 1, listing them, when a marked string
                                                   # has no Welsh, a translation breaks its
                                                   # placeholders, or django.mo is out of date
    .venv/bin/python scripts/messages.py fragment NAME PATTERN...
                                                   # the strings found in files matching the
                                                   # patterns (e.g. 'preventplan/plans/*'), into
                                                   # locale/cy/fragments/NAME.po, keeping the
                                                   # translations already there

``update`` fills strings that are new to the catalogue from any fragments (a compendium), so work
on different parts of the interface can be translated side by side. Needs GNU gettext
(``xgettext``, ``msgmerge``, ``msgfmt``, ``msgcmp``, ``msggrep``; Debian's package ``gettext``).
The compiled catalogue is committed, so running the application does not need gettext.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGUE = LOCALE / "cy" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
FRAGMENTS = LOCALE / "cy" / "fragments"
# Not interface (and the catalogue itself, which makemessages would otherwise write to): tests, vendored and collected files, scripts, documentation, migrations.
IGNORE = ["locale", "node_modules", "static", "tests", "var", "docs", "scripts", "*/migrations/*"]


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")
    import django

    django.setup()


def tool(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    # Fixed gettext commands, as lists: no shell.
    return subprocess.run(
        [str(a) for a in args], cwd=ROOT, capture_output=True, text=True, check=check
    )


def extract(into: Path) -> Path:
    """Every marked string of the code and templates, untranslated, as ``into``/cy/.../django.po.

    makemessages writes each file's strings to the first locale path whose parent folder holds
    the file, so the strings go to a hidden folder in the repository (which makemessages does
    not search), not to ``into`` directly; they are moved there after."""
    django_setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    cwd = Path.cwd()
    os.chdir(ROOT)
    hidden = Path(tempfile.mkdtemp(prefix=".messages-", dir=ROOT))
    try:
        with override_settings(LOCALE_PATHS=[hidden]):
            call_command(
                "makemessages",
                locale=["cy"],
                domain="django",
                ignore_patterns=IGNORE,
                add_location="file",
                no_obsolete=True,
                verbosity=0,
            )
        shutil.copytree(hidden, into, dirs_exist_ok=True)
    finally:
        shutil.rmtree(hidden, ignore_errors=True)
        os.chdir(cwd)
    return into / "cy" / "LC_MESSAGES" / "django.po"


def compile_catalogue() -> None:
    tool("msgfmt", "--check", "-o", COMPILED, CATALOGUE)


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = extract(Path(tmp))
        fragments = sorted(FRAGMENTS.glob("*.po")) if FRAGMENTS.exists() else []
        compendium: list[str | Path] = []
        if fragments:
            # Only the fragments' translated, settled entries; the first fragment wins a clash.
            settled = [Path(tmp) / f"settled-{n}.po" for n in range(len(fragments))]
            for fragment_file, kept in zip(fragments, settled, strict=True):
                tool("msgattrib", "--translated", "--no-fuzzy", "-o", kept, fragment_file)
            merged = Path(tmp) / "compendium.po"
            tool("msgcat", "--use-first", "-o", merged, *[k for k in settled if k.exists()])
            compendium = ["--compendium", merged]
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        if CATALOGUE.exists():
            tool("msgmerge", "--quiet", "--no-fuzzy-matching", "--previous", *compendium,
                 "-o", CATALOGUE, CATALOGUE, fresh)  # fmt: skip
        elif compendium:
            tool("msgmerge", "--quiet", "--no-fuzzy-matching", *compendium,
                 "-o", CATALOGUE, fresh, fresh)  # fmt: skip
        else:
            shutil.copy(fresh, CATALOGUE)
    tool("msgattrib", "--no-obsolete", "-o", CATALOGUE, CATALOGUE)
    compile_catalogue()
    print(tool("msgfmt", "--statistics", "-o", os.devnull, CATALOGUE).stderr.strip())


def problems() -> list[str]:
    """What stands between the catalogue and a complete Welsh interface (empty when none)."""
    found: list[str] = []
    if not CATALOGUE.exists():
        return [f"{CATALOGUE.relative_to(ROOT)} does not exist"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = extract(Path(tmp))
        # Every string marked in the code must be in the catalogue, translated and not fuzzy.
        compared = tool("msgcmp", CATALOGUE, fresh, check=False)
        if compared.returncode:
            found.append("Strings without Welsh (msgcmp):\n" + compared.stderr.strip())
        checked = tool("msgfmt", "--check", "-o", Path(tmp) / "check.mo", CATALOGUE, check=False)
        if checked.returncode:
            found.append("Translations that break their placeholders:\n" + checked.stderr.strip())
        elif COMPILED.exists():
            with open(Path(tmp) / "check.mo", "rb") as a, open(COMPILED, "rb") as b:
                if gettext.GNUTranslations(a)._catalog != gettext.GNUTranslations(b)._catalog:  # type: ignore[attr-defined]
                    found.append("django.mo is out of date: run scripts/messages.py compile")
        else:
            found.append("django.mo is missing: run scripts/messages.py compile")
    return found


def fragment(name: str, patterns: list[str]) -> None:
    FRAGMENTS.mkdir(parents=True, exist_ok=True)
    target = FRAGMENTS / f"{name}.po"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = extract(Path(tmp))
        selected = Path(tmp) / "selected.pot"
        where = [a for p in patterns for a in ("--location", p)]
        tool("msggrep", *where, "-o", selected, fresh)
        if not selected.exists():
            print("No marked strings in files matching", " ".join(patterns))
            return
        # Strings the catalogue already translates arrive translated.
        known: list[str | Path] = ["--compendium", CATALOGUE] if CATALOGUE.exists() else []
        source = target if target.exists() else selected
        tool("msgmerge", "--quiet", "--no-fuzzy-matching", *known, "-o", target, source, selected)
        tool("msgattrib", "--no-obsolete", "-o", target, target)
    counts = tool("msgfmt", "--statistics", "-o", os.devnull, target).stderr.strip()
    print(f"{target.relative_to(ROOT)}: {counts}")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogue()
    elif command == "check":
        found = problems()
        print("\n\n".join(found) or "The Welsh catalogue is complete.")
        return 1 if found else 0
    elif command == "fragment" and len(argv) >= 3:
        fragment(argv[1], argv[2:])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
