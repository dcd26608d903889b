"""`goodwill analyse`: the influence job (scores written onto Person nodes, with progress);
`goodwill warm`: warm introduction paths from the command line."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()


def _analyse() -> None:
    import config
    from graph.connection import connect
    from jobs.influence import run_job

    with Progress(TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
                  console=console) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        with connect(config.load().neo4j) as driver:
            analysis = run_job(driver, progress=progress)
    how = "exact" if analysis.betweenness_exact else "sampled pivots"
    console.print(f"Scored {len(analysis.scores)} people (brokerage: {how}).")
    top = sorted(analysis.scores.items(), key=lambda kv: -kv[1].influence)[:5]
    table = Table("person", "influence", "brokerage", "given", "received")
    for person, s in top:
        table.add_row(person, f"{s.influence:.4f}", f"{s.brokerage:.4f}", str(s.given),
                      str(s.received))
    console.print(table)


def _warm(source: str, to: str, kind: str, max_hops: int, limit: int,
          as_of: datetime | None) -> None:
    import config
    from graph.connection import connect_async
    from graph.reads import GraphReads
    from reads.paths import TargetKind, warm_introductions

    kinds: dict[str, TargetKind] = {"person": "person", "organization": "organization",
                                    "tag": "tag"}
    if kind not in kinds:
        raise typer.BadParameter("--kind is person, organization or tag.")
    neo4j = config.load().neo4j

    async def go():
        async with connect_async(neo4j) as driver:
            return await warm_introductions(GraphReads(driver, neo4j.database), source, to,
                                            kinds[kind], max_hops, limit, as_of)

    answer = asyncio.run(go())
    if not answer.paths:
        console.print(f"No warm path within {max_hops} hops.")
    for rank, path in enumerate(answer.paths, 1):
        names = " → ".join(n or "?" for n in path.names)
        console.print(f"[bold]{rank}. {names}[/bold]  warmth {path.warmth:.3f}")
        for hop in path.hops:
            console.print(f"   {hop.source_name} → {hop.target_name} "
                          f"({hop.warmth:.2f}): {hop.explanation}")


def register(app: typer.Typer) -> None:
    @app.command(help="Compute trust-weighted PageRank, brokerage and giving balance of "
                 "everyone and write them onto Person nodes (influence, brokerage, given, "
                 "received, given_value, received_value, analysed_at).")
    def analyse() -> None:
        _analyse()

    @app.command(help="The warmest introduction paths from one person to a person, "
                 "organization or tag, each hop explained.")
    def warm(
        source: str = typer.Option(..., "--from", help="Your person id."),
        to: str = typer.Option(..., "--to", help="Person id, organization name or tag."),
        kind: str = typer.Option("person", "--kind", help="person, organization or tag."),
        max_hops: int = typer.Option(3, "--max-hops", min=1, max=4),
        limit: int = typer.Option(5, "--limit", min=1, max=50),
        as_of: datetime = typer.Option(None, "--as-of", help="An instant (UTC if no zone)."),
    ) -> None:
        if as_of is not None and as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=UTC)
        _warm(source, to, kind, max_hops, limit, as_of)
