"""Add or update German translations in an app's catalogue without running makemessages, and compile it.

Usage: .venv/bin/python tools/add_translations.py querschnitt/strategy translations.json
where translations.json maps English msgids to German texts ({"msgid": "German"}; a plural as ["one", "many"] with
the key "singular||plural"). Used when several people add messages to one app at once; `make messages` later
fills in the source references.
"""

import json
import subprocess
import sys
from pathlib import Path

import polib


def main(app_dir: str, json_path: str) -> None:
    po_path = Path(app_dir) / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    for msgid, msgstr in json.loads(Path(json_path).read_text(encoding="utf-8")).items():
        if "||" in msgid:
            singular, plural = msgid.split("||", 1)
            entry = po.find(singular) or polib.POEntry(msgid=singular, msgid_plural=plural)
            entry.msgstr_plural = {0: msgstr[0], 1: msgstr[1]}
        else:
            entry = po.find(msgid) or polib.POEntry(msgid=msgid)
            entry.msgstr = msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if entry not in po:
            po.append(entry)
    po.save(str(po_path))
    subprocess.run(["msgfmt", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
