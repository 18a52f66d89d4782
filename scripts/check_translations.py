#!/usr/bin/env python
"""Check that the English catalogue is complete (run by `make check`).

Spred's source strings are Danish; ``spred/locale/en/LC_MESSAGES/django.po`` holds their English
text. This script fails when

1. a message in the source code is missing from the committed English catalogue. The messages
   are re-extracted with xgettext through Django's ``makemessages`` (the command behind
   ``django-admin makemessages``) in a temporary copy of the source tree, so the repository is
   never modified;
2. an entry in the committed catalogue has an empty translation or is marked fuzzy (Django
   ignores fuzzy entries, so the page would silently show Danish);
3. a translation does not fit its msgid: other ``%(name)s`` placeholders, or the wrong number of
   plural forms (it would fail or show the wrong text at run time).

It needs GNU gettext (Debian package ``gettext``) for step 1 and Babel for reading the catalogue.
Exit status 0 and a one-line summary when all is well; 1 with a list of problems otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "en"
CATALOGUE = Path("spred") / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
# The options docs/architecture.md §7 gives for updating the catalogue, so both see the same
# messages.
MAKEMESSAGES_OPTIONS = ["--locale", LOCALE, "--no-obsolete", "--add-location=file", "--no-wrap"]
# What the temporary copy leaves out: compiled files, the committed catalogues (the extraction
# must start from nothing) and static files (makemessages does not read them for this domain).
NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "locale", "static")

Key = tuple[str | None, str | tuple[str, ...]]


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALE)


def key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    return (message.context, msgid)


def describe(message_key: Key) -> str:
    context, msgid = message_key
    text = msgid if isinstance(msgid, str) else " | ".join(msgid)
    return f"[{context}] {text!r}" if context else repr(text)


def entries(catalogue: Catalog) -> list[Message]:
    return [message for message in catalogue if message.id]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_source_messages(workdir: Path) -> Catalog:
    """Copy the source into ``workdir`` and run makemessages there; return what it extracted."""
    shutil.copy2(ROOT / "manage.py", workdir / "manage.py")
    for package in ("config", "spred"):
        shutil.copytree(ROOT / package, workdir / package, ignore=NOT_COPIED)
    env = dict(os.environ)
    # The copy must come first on the path, so its settings (and LOCALE_PATHS) are the ones used.
    env["PYTHONPATH"] = os.pathsep.join([str(workdir), *filter(None, [env.get("PYTHONPATH")])])
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env.pop("SPRED_DEMO", None)
    command = [sys.executable, "-m", "django", "makemessages", *MAKEMESSAGES_OPTIONS]
    result = subprocess.run(  # noqa: S603 - a fixed command line, no shell
        command, cwd=workdir, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"makemessages failed:\n{result.stdout}{result.stderr}")
    extracted = workdir / CATALOGUE
    if not extracted.exists():
        raise SystemExit(f"makemessages did not write {CATALOGUE} in the temporary copy.")
    return read_catalogue(extracted)


def untranslated(message: Message) -> bool:
    string = message.string
    forms: list[str | None] = list(string) if isinstance(string, (list, tuple)) else [string]
    return not forms or any(not form for form in forms)


def main() -> int:
    for tool in ("xgettext", "msgmerge", "msguniq"):
        if shutil.which(tool) is None:
            print(
                f"check_translations: {tool} not found; install GNU gettext (apt install gettext)."
            )
            return 1
    committed_path = ROOT / CATALOGUE
    if not committed_path.exists():
        print(f"check_translations: {CATALOGUE} does not exist.")
        return 1

    before = sha256(committed_path)
    with tempfile.TemporaryDirectory(prefix="spred-messages-") as tmp:
        source = extract_source_messages(Path(tmp))
    if sha256(committed_path) != before:
        print(f"check_translations: {CATALOGUE} changed during the check; this is a bug.")
        return 1

    committed = read_catalogue(committed_path)
    committed_keys = {key(m) for m in entries(committed)}
    source_keys = {key(m) for m in entries(source)}

    problems: list[str] = []
    missing = sorted(source_keys - committed_keys, key=describe)
    if missing:
        problems.append(f"{len(missing)} message(s) in the source are missing from {CATALOGUE}:")
        problems += [f"  {describe(k)}" for k in missing]
    if committed.fuzzy:
        problems.append(f"The header of {CATALOGUE} is marked fuzzy.")
    fuzzy = [m for m in entries(committed) if m.fuzzy]
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy entr{'y' if len(fuzzy) == 1 else 'ies'}:")
        problems += [f"  {describe(key(m))}" for m in fuzzy]
    empty = [m for m in entries(committed) if untranslated(m)]
    if empty:
        problems.append(f"{len(empty)} entr{'y' if len(empty) == 1 else 'ies'} without English:")
        problems += [f"  {describe(key(m))}" for m in empty]
    for message, errors in committed.check():
        if message.fuzzy or untranslated(message):
            continue
        problems.append(f"The translation does not fit its msgid in {describe(key(message))}:")
        problems += [f"  {error}" for error in errors]

    if problems:
        print("check_translations: the English catalogue is not complete.")
        print("\n".join(problems))
        print("Update with makemessages (docs/architecture.md §7), then translate.")
        return 1

    stale = committed_keys - source_keys
    note = f"; {len(stale)} entries no longer used in the source" if stale else ""
    print(
        f"check_translations: OK — {len(committed_keys)} messages, all translated into English, "
        f"none missing, none fuzzy{note}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
