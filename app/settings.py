"""One settings class for the whole product, read from ``CHAINMAP_*`` and ``NEO4J_*`` variables."""
from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


class StoreKind(StrEnum):
    """Which store answers: the embedded one (in this process) or a Neo4j server.

    ``networkx``, the embedded store's first name, is still accepted for it.

    >>> StoreKind("networkx") is StoreKind.embedded
    True
    """

    embedded = "embedded"
    neo4j = "neo4j"

    @classmethod
    def _missing_(cls, value: object) -> StoreKind | None:
        return cls.embedded if value == "networkx" else None


STORE_CHOICES = ("networkx", *(k.value for k in StoreKind))  # what --store and CHAINMAP_STORE accept


class Settings(BaseSettings):
    """Settings; a bad value fails at start with the variable named."""

    model_config = SettingsConfigDict(env_prefix="CHAINMAP_", extra="ignore")

    store: StoreKind = StoreKind.embedded
    data_dir: Path = SEED_DIR
    state_dir: Path = Field(default_factory=lambda: Path.home() / ".local" / "state" / "chainmap")
    weak_threshold: int = Field(3, ge=1, le=1000)
    build_threshold: float = Field(0.3, ge=0.0, le=1.0)
    # the target list (app.analysis.targets): the areas file, neighbours as partners, 以商招商 first, score balance
    target_areas_file: Path = SEED_DIR / "areas.csv"
    target_partners_apart: bool = True
    target_tie_first: bool = True
    target_balance: float = Field(0.5, ge=0.0, le=1.0)  # score = balance × feasibility + (1 − balance) × value

    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias=AliasChoices("NEO4J_URI", "CHAINMAP_NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "CHAINMAP_NEO4J_USER"))
    neo4j_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("NEO4J_PASSWORD", "CHAINMAP_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "CHAINMAP_NEO4J_DATABASE"))
    neo4j_batch_size: int = Field(5000, ge=1, le=100_000)  # UNWIND rows per transaction; measured, see tests/store/bench_neo4j_load.py
    neo4j_timeout_s: float = Field(10.0, gt=0)
    neo4j_kept_mb: float = Field(1024, ge=0)  # link columns, scope sides and chain members kept per worker and data stamp
    neo4j_warm_on_start: bool = False  # each API worker reads every link's columns in the background as it starts (docs/scaling.md)

    api_keys: str = ""  # "key:role,key:role"
    cors_origins: str = ""  # comma-separated; CORS closed when empty
    allowed_hosts: str = ""  # Host names the API answers to (comma-separated); empty: loopback names when open, any with keys
    docs: bool | None = None  # /docs and /redoc; None: on when the service is open (loopback), off when keys are configured
    # PDF/PNG/bundle/import jobs at once per worker process: half the cores (measured: 1 on 2 cores keeps reads faster)
    expensive_workers: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 2) // 2), ge=1, le=64)
    expensive_queue: int = Field(4, ge=0, le=1000)  # jobs waiting per role before 429
    max_upload_mb: int = Field(20, ge=1, le=1024)
    request_timeout_s: float = Field(120.0, gt=0)  # every request answered within this (503 after)
    answer_cache_mb: int = Field(128, ge=0, le=65_536)  # analysis answers kept per worker until the data changes; 0: off
