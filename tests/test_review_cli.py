"""``python -m geo users | screens | review | gazetteer aliases`` as an operator runs them."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from geo.review import access
from tests.test_cli import ROOT, run  # noqa: F401 - the fixture

PASSWORD = b"correct horse battery\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory, gazetteer, data_dir):
    """The seeds ingested and three users added, once; each test gets a copy."""
    from geo.store import Store

    path = str(tmp_path_factory.mktemp("review-cli") / "template.sqlite")
    proc = subprocess.run([sys.executable, "-m", "geo", "ingest", str(ROOT / "seeds"), "--db", path], cwd=ROOT,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")},
                               "MARSAD_DATA_DIR": str(data_dir)}, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    with Store(path) as store:
        for name, role in (("ana", "analyst"), ("boss", "admin"), ("vic", "viewer")):
            access.add_user(store, name, role, PASSWORD.decode().strip())
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db(tmp_path, template):
    path = str(tmp_path / "s.sqlite")
    shutil.copy(template, path)
    return path


def reports(run, db):  # noqa: F811
    out = run("export", "--reports", "--format", "csv", "--db", db).stdout.decode()
    return {r["event_id"]: r for r in csv.DictReader(io.StringIO(out))}


def test_review_commands_and_corrections_survive_a_forced_reingest(run, db, tmp_path):  # noqa: F811
    ids = sorted(reports(run, db))
    assert run("review", "confirm", ids[0], "--user", "ana", "--note", "checked", "--db", db).returncode == 0
    assert run("review", "reject", ids[1], "--reason", "not an incident", "--user", "ana", "--db", db).returncode == 0
    proc = run("review", "set", ids[2], "--type", "battles", "--sub-type", "armed_clash", "--date", "2020-05-14",
               "--user", "ana", "--db", db)
    assert proc.returncode == 0, proc.stderr.decode()
    log = run("review", "log", "--db", db).stdout.decode()
    assert log.count("  ana  ") == 4 and "not an incident" in log

    assert run("ingest", str(ROOT / "seeds"), "--force", "--db", db).returncode == 0
    after = reports(run, db)
    assert ids[1] not in after                                   # rejected: hidden
    rejected = run("export", "--reports", "--format", "csv", "--status", "rejected", "--db", db).stdout.decode()
    assert [r["event_id"] for r in csv.DictReader(io.StringIO(rejected))] == [ids[1]]
    assert after[ids[0]]["status"] == "reviewed" and after[ids[0]]["last_editor"] == "ana"
    assert (after[ids[2]]["event_type"], after[ids[2]]["date_start"], after[ids[2]]["edit_count"]) == \
        ("battles", "2020-05-14", "2")

    export = tmp_path / "edits.json"
    assert run("review", "export", str(export), "--db", db).returncode == 0
    assert len(json.loads(export.read_text())["edits"]) == 4
    proc = run("review", "import", str(export), "--user", "ana", "--db", db)
    assert proc.returncode == 0 and b"0 edits added, 4 already there" in proc.stdout


@pytest.mark.parametrize("args,message", [
    (("review", "confirm", "X", "--user", "vic"), b"vic (viewer) may not review"),
    (("review", "confirm", "X", "--user", "nobody"), b"no user 'nobody'"),
    (("review", "confirm", "X"), b"--user NAME"),
    (("review", "confirm", "X", "--user", "ana"), b"no incident or report 'X'"),
    (("review", "set", "X", "--user", "ana"), b"nothing to set"),
    (("review", "import", "missing.json", "--user", "ana"), b"missing.json: cannot open"),
    (("screens", "add", "wall", "--user", "ana"), b"ana (analyst) may not admin"),
    (("gazetteer", "aliases", "remove", "1", "--user", "ana"), b"may not admin"),
])
def test_refusals_are_clear(run, db, args, message):  # noqa: F811
    proc = run(*args, "--db", db)
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr


def test_users_screens_and_aliases(run, db):  # noqa: F811
    listed = run("users", "list", "--db", db).stdout.decode()
    assert "ana\tanalyst" in listed and "argon2" not in listed
    proc = run("screens", "add", "ops wall", "--user", "boss", "--db", db)
    assert proc.returncode != 0                           # names have no spaces
    proc = run("screens", "add", "ops-wall", "--user", "boss", "--db", db)
    assert proc.returncode == 0 and b"screen=" in proc.stdout
    assert run("screens", "revoke", "ops-wall", "--user", "boss", "--db", db).returncode == 0
    assert b"revoked" in run("screens", "list", "--db", db).stdout

    proc = run("gazetteer", "aliases", "add", "سوروتش", "--place", "geonames:170063", "--user", "ana", "--db", db)
    assert proc.returncode == 0, proc.stderr.decode()
    assert run("gazetteer", "aliases", "add-stop", "البلاد", "--user", "ana", "--db", db).returncode == 0
    listed = run("gazetteer", "aliases", "--db", db).stdout.decode()
    assert "alias\tسوروتش -> geonames:170063 (SY)" in listed and "stop\tالبلاد" in listed
    first = listed.split("\t", 1)[0]
    assert run("gazetteer", "aliases", "remove", first, "--user", "boss", "--db", db).returncode == 0
    assert run("gazetteer", "aliases", "list", "--db", db).stdout.decode().count("\n") == 1
