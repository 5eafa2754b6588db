"""The embedded database's password file and data directory, without starting Java."""

from __future__ import annotations

import stat
from pathlib import Path

from graph.embedded import launcher


def _config(tmp_path: Path) -> launcher.EmbeddedConfig:
    return launcher.EmbeddedConfig(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_use_writes_a_private_random_password(tmp_path: Path) -> None:
    config = _config(tmp_path)
    launcher._secure_data_dir(config)
    launcher._ensure_password(config)
    password = launcher.read_password(config)
    assert password and len(password) >= 32
    assert _mode(config.data_dir) == 0o700 and _mode(config.password_file) == 0o600

    launcher._ensure_password(config)
    assert launcher.read_password(config) == password  # kept, not regenerated

    other = _config(tmp_path / "other")
    launcher._secure_data_dir(other)
    launcher._ensure_password(other)
    assert launcher.read_password(other) != password


def test_folders_and_files_of_older_versions_are_tightened(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.data_dir.mkdir(mode=0o755)
    config.data_dir.chmod(0o755)
    config.password_file.write_text("kept-password\n")
    config.password_file.chmod(0o644)
    launcher._secure_data_dir(config)
    launcher._ensure_password(config)
    assert _mode(config.data_dir) == 0o700 and _mode(config.password_file) == 0o600
    assert launcher.read_password(config) == "kept-password"


def test_an_empty_password_file_is_replaced(tmp_path: Path) -> None:
    config = _config(tmp_path)
    launcher._secure_data_dir(config)
    config.password_file.write_text("\n")
    launcher._ensure_password(config)
    assert launcher.read_password(config) and _mode(config.password_file) == 0o600


def test_status_shows_the_password_to_code_but_not_in_text(tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert launcher.status(config).password is None  # never started
    launcher._secure_data_dir(config)
    launcher._ensure_password(config)
    current = launcher.status(config)
    assert current.user == "neo4j" and current.password == launcher.read_password(config)
    assert current.password not in repr(current) and current.password not in current.describe()


def test_the_password_reaches_java_as_a_path_only(tmp_path: Path) -> None:
    config = _config(tmp_path)
    launcher._secure_data_dir(config)
    launcher._ensure_password(config)
    command = launcher._java_command(config, "java", None)
    assert str(config.password_file) in command
    assert not any(launcher.read_password(config) in part for part in command)
