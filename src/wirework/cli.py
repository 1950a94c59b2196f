"""The ``wirework`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from wirework.engine import WorkflowRunError, run_workflow
from wirework.engine.golden import GoldenReport, check_golden
from wirework.engine.subworkflow import SubworkflowRunner
from wirework.expr import default_evaluator
from wirework.model import WorkflowError, load_workflow
from wirework.nodes.sdk import ExecutionServices
from wirework.settings import get_settings

app = typer.Typer(help="Wirework: run n8n workflows unchanged.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
err = Console(stderr=True)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _emit(value: Any, *, pretty: bool) -> None:
    text = json.dumps(value, indent=2 if pretty or sys.stdout.isatty() else None, ensure_ascii=False,
                      default=str)
    if sys.stdout.isatty():
        Console().print_json(text)
    else:
        sys.stdout.write(text + "\n")


def _services(base_dir: Path) -> ExecutionServices:
    settings = get_settings()
    return ExecutionServices(
        evaluator=default_evaluator(),
        run_subworkflow=SubworkflowRunner(base_dir=base_dir),
        settings=settings.model_dump(),
    )


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="n8n workflow JSON file")],
    input: Annotated[str | None, typer.Option("--input", help="trigger items: a JSON object or list")] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="indent the JSON output")] = False,
    full: Annotated[bool, typer.Option("--full", help="print the full run data")] = False,
    start_node: Annotated[str | None, typer.Option("--start", help="start from this node")] = None,
    destination: Annotated[str | None, typer.Option("--to", help="run only up to this node")] = None,
) -> None:
    """Run a workflow from its trigger and print the last node's output items."""
    try:
        wf = load_workflow(file.read_bytes())
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror}")
        return
    except WorkflowError as exc:
        _fail(f"{file}: {exc}")
        return
    items = None
    if input is not None:
        try:
            raw = json.loads(input)
        except ValueError as exc:
            _fail(f"--input is not valid JSON: {exc}")
            return
        rows = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(r, dict) for r in rows):
            _fail("--input must be a JSON object or a list of objects")
        items = [r if isinstance(r.get("json"), dict) else {"json": r} for r in rows]
    services = _services(file.parent.resolve())
    try:
        result = asyncio.run(run_workflow(
            wf, mode="cli", trigger_items=items, start_node=start_node,
            destination_node=destination, services=services,
        ))
    except WorkflowRunError as exc:
        _fail(str(exc))
        return
    finally:
        services.evaluator.close()
    if full:
        _emit(result.to_json(), pretty=pretty)
    elif result.status != "error":
        _emit(result.output(), pretty=pretty)
    if result.status == "error":
        _fail(_error_line(result.error or {}, result.last_node_executed))


def _error_line(error: dict[str, Any], last_node: str | None) -> str:
    """``node 'Set', item 0, parameter 'x': message`` — as much of the place as the error knows."""
    node = (error.get("node") or {}).get("name") or last_node
    context = error.get("context") or {}
    where = [f"node '{node}'"]
    if isinstance(context.get("itemIndex"), int):
        where.append(f"item {context['itemIndex']}")
    if context.get("parameter"):
        where.append(f"parameter '{context['parameter']}'")
    return f"{', '.join(where)}: {error.get('message', 'failed')}"


def _workflow_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.json") if q.is_file()))
        else:
            files.append(p)
    return files


async def _check_all(files: list[Path]) -> list[GoldenReport]:
    reports = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            reports.append(GoldenReport(name=str(f), passed=False, problems=[f"unreadable: {exc}"]))
            continue
        if not isinstance(data, dict) or "nodes" not in data or "pinData" not in data:
            continue
        services = _services(f.parent.resolve())
        try:
            report = await check_golden(data, services=services)
        finally:
            services.evaluator.close()
        report.name = str(f)
        reports.append(report)
    return reports


@app.command("test")
def test_cmd(
    paths: Annotated[list[Path], typer.Argument(help="workflow files or folders of them")],
) -> None:
    """Run golden workflows: each pinned node's output must equal its pinData."""
    files = _workflow_files(paths)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    reports = asyncio.run(_check_all(files))
    out = Console(highlight=False, soft_wrap=True)
    for r in reports:
        if r.passed:
            out.print(f"[green]PASS[/green] {r.name}")
        else:
            out.print(f"[red]FAIL[/red] {r.name}")
            for p in r.problems[:10]:
                out.print(f"    {p}")
    passed = sum(r.passed for r in reports)
    failed = len(reports) - passed
    print(f"{passed} passed, {failed} failed")
    if failed or not reports:
        raise typer.Exit(1)


def _register_optional() -> None:
    import importlib

    for module in ("wirework.cli_platform", "wirework.cli_runtime"):
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(app)


def main() -> None:
    _register_optional()
    app()


if __name__ == "__main__":
    main()
