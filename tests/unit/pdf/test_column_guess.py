"""The balanced columns' guess (pdf/column_guess.py): read from the full-height layout,
it names the trial WeasyPrint settles on, so a guide's balancing takes two layouts; a
wrong guess costs layouts, never a byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from referkit.pdf import column_guess, columns, speedups
from referkit.pdf import workers as pdf_workers
from test_pdf_speedups import _COLUMNS_PAGE, _jobs, _section, _synthetic


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int | None, int, int]]:
    """(guess, answer, layouts) of every balancing search that found an answer."""
    found: list[tuple[int | None, int, int]] = []
    decide = columns.BalanceSearch.decide

    def recording(self, *args):
        action, value = decide(self, *args)
        self.laid_out = getattr(self, "laid_out", 0) + (action == "layout")
        if action == "fits" and self.heights:
            found.append((self.guessed, self.high, self.laid_out))
        return action, value

    monkeypatch.setattr(columns.BalanceSearch, "decide", recording)
    return found


def test_guess_names_the_answer_of_every_guide(tmp_path: Path, searches) -> None:
    jobs = [job for job in _jobs(_synthetic(tmp_path / "synthetic")) if job.kind == "guide"]
    assert columns.install() and jobs
    speedups.install()
    columns.SEEN.clear()  # no answers from earlier documents to lean on
    for job in jobs:
        assert pdf_workers.render_job(job).pdf is not None, job.output
    assert len(searches) >= len(jobs) - 1  # (a guide may fit at the average height)
    wrong = [(guess, answer) for guess, answer, _ in searches if guess != answer]
    assert not wrong
    # the guessed trial and the one below it (when that is not the average height)
    assert all(layouts <= 2 for *_, layouts in searches)


@pytest.mark.parametrize("shift", [-3, -1, 1, 4])
def test_a_wrong_guess_gives_the_same_bytes(
    shift: int, monkeypatch: pytest.MonkeyPatch, searches
) -> None:
    """A hand-made page (sections of lists, tables and floats kept whole in balanced
    columns): the guess moved off the answer makes the search lay out more, and the
    PDF is still WeasyPrint's own."""
    from weasyprint import HTML

    html = _COLUMNS_PAGE.format(avoid="avoid", sections="".join(_section(n) for n in range(14)))
    right = column_guess.guess

    def render() -> bytes:
        speedups.start_document()
        columns.SEEN.clear()
        return HTML(string=html).write_pdf()

    def moved(*args):
        guess = right(*args)
        return None if guess is None else max(1, guess + shift)

    speedups.install()
    guessed = render()
    answer = searches[-1][1]
    monkeypatch.setattr(column_guess, "guess", lambda *args: answer)
    assert render() == guessed
    assert searches[-1][2] <= 2  # the answer named: two layouts at most
    monkeypatch.setattr(column_guess, "guess", moved)
    assert render() == guessed
    assert searches[-1][0] != answer and searches[-1][2] > 2  # a wrong guess costs layouts
    speedups.uninstall()
    try:
        assert HTML(string=html).write_pdf() == guessed
    finally:
        speedups.install()


def test_fits_breaks_only_where_a_break_is_allowed() -> None:
    atom = column_guess._Atom
    # three 100-px blocks; a break is allowed only before the third
    atoms = [atom(False, 0, 100), atom(False, 100, 200), atom(True, 200, 300)]
    assert not column_guess.fits(atoms, 0, 150, 2)  # the first column cannot end at 100
    assert column_guess.fits(atoms, 0, 200, 2)  # 0-200, then 200-300
    assert not column_guess.fits(atoms, 0, 99, 2)
    assert column_guess.fits(atoms, 0, 300, 1)
