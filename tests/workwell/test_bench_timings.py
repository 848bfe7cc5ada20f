"""benchmarks/timings.py's table: each PDF's cold and warm builds on rows of their own, told
apart, with the other measurements (not built twice) marked as neither."""

from benchmarks.timings import print_table


def _row(measurement: str, cpu_seconds: float, **more) -> dict:
    return {
        "measurement": measurement,
        "vanguards": 15,
        "seconds": cpu_seconds + 1,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mb": 265.0,
        "rise_mb": 148.0,
    } | more


def test_the_table_shows_the_cold_and_the_warm_build_of_a_pdf(capsys):
    pdf = {"pages": 77, "seconds_per_page": 0.07, "cpu_seconds_per_page": 0.061}
    print_table(
        [
            _row("snapshot", 0.5),
            _row("national-pdf", 5.13, start="cold", **pdf),
            _row("national-pdf", 4.72, start="warm", **pdf),
        ]
    )

    header, _, snapshot, cold, warm = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["measurement", "start", "vanguards"]
    assert snapshot.split()[:4] == ["snapshot", "-", "15", "1.50"]
    assert cold.split()[:5] == ["national-pdf", "cold", "15", "6.13", "5.13"]
    assert warm.split()[:5] == ["national-pdf", "warm", "15", "5.72", "4.72"]
    assert warm.split()[5:8] == ["77", "0.070", "0.061"]  # pages, seconds and CPU s a page
