"""Runs on one baseline become one line; a large number beside a wrapped title is a line
of its own, read before the title it heads."""

from __future__ import annotations

from indexer.pdf_lines import Run, read_at, runs_to_lines


def run(text: str, x: float, y: float, size: float = 10.0) -> Run:
    return Run(text, x, y, x + 0.5 * size * len(text), size, bold=size > 10, italic=False)


BODY = [
    run("Mobiliteit in onze regio blijft sterk autogericht.", 50, 600 - 14 * n) for n in range(6)
]


def test_a_drop_cap_beside_a_wrapped_title_is_a_line_of_its_own_read_first() -> None:
    cap = run("7", 50, 726, size=54)
    title = [run("MAAK VAN RIVIERENLAND EEN", 150, 735, 17), run("BEREIKBARE REGIO", 150, 712, 17)]
    lines = runs_to_lines([cap, *title, *BODY])
    texts = [line.text for line in lines]
    assert texts[:3] == ["MAAK VAN RIVIERENLAND EEN", "7", "BEREIKBARE REGIO"]
    at = {line.text: read_at(line, 10.0) for line in lines}
    assert at["7"] > at["MAAK VAN RIVIERENLAND EEN"]  # it heads the title


def test_a_large_figure_on_the_baseline_of_its_text_is_part_of_the_line() -> None:
    lines = runs_to_lines(
        [run("27", 50, 700, size=40), run("procent meer uitgaven", 100, 700), *BODY]
    )
    assert lines[0].text == "27 procent meer uitgaven"


def test_a_footnote_marker_after_a_figure_is_still_dropped() -> None:
    runs = [run("steeg met 23", 50, 700), run("1", 112, 703.5, size=4.5), run("procent.", 118, 700)]
    assert runs_to_lines([*runs, *BODY])[0].text == "steeg met 23 procent."
