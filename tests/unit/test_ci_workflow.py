"""A fork on GitHub is checked as .ci/run checks here: the workflow runs .ci/run (which runs the
README's `make test`) with PostgreSQL and Redis as services the tests are pointed at."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_workflow_runs_make_test_through_ci_run_with_both_services() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    job = workflow["jobs"]["test"]
    services = job["services"]
    assert services["postgres"]["env"]["POSTGRES_HOST_AUTH_METHOD"] == "trust"
    assert services["postgres"]["env"]["POSTGRES_DB"] == "test"
    assert services["redis"]["image"].startswith("redis")
    env = job["env"]
    assert env["CI"] == "true"
    assert "@postgres:5432/test" in env["STOCKAGENT_TEST_POSTGRES_URL"]
    assert env["STOCKAGENT_TEST_REDIS_URL"].startswith("redis://redis:6379")
    assert any(step.get("run") == "bash .ci/run" for step in job["steps"])
    assert (ROOT / ".ci/run").read_text(encoding="utf-8").rstrip().endswith("make test")
