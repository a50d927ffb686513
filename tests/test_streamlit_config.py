"""The Streamlit configuration keeps the app offline and caps uploads."""
from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_offline_and_capped():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False           # no telemetry
    assert config["browser"]["serverAddress"] == "localhost"        # no external-IP lookup at start-up
    assert 0 < config["server"]["maxUploadSize"] <= 200


def test_safe_server_defaults():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server = config["server"]
    assert server["address"] == "127.0.0.1"                         # no sign-in yet: this machine only
    assert set(server["allowedHosts"]) <= {"localhost", "127.0.0.1"}  # DNS rebinding refused
    assert server["enableCORS"] is True and server["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"           # no traceback or path for visitors
