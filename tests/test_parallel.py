"""The process pool that renders pages and loads explainers: every item once, results in order."""

from __future__ import annotations

import os
import time

import pytest

from penjelas.core.processes import PARALLEL_MIN_JOBS, map_in_processes


def _slow_double(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that every process gets some of the items
    return item * 2, os.getpid()


@pytest.mark.parametrize("count", [0, 1, PARALLEL_MIN_JOBS - 1, PARALLEL_MIN_JOBS, 157, 400])
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_item_once_in_order_on_any_number_of_processes(count: int, workers: int) -> None:
    results = map_in_processes(_slow_double, list(range(count)), workers)
    assert [value for value, _pid in results] == [i * 2 for i in range(count)]
    processes = {pid for _value, pid in results}
    if count >= PARALLEL_MIN_JOBS and workers > 1:
        assert len(processes) > 1, "the items were not shared out"
    else:
        assert processes <= {os.getpid()}


def test_the_work_alongside_runs_once_in_this_process_while_the_others_take_the_items() -> None:
    ran: list[int] = []

    def alongside() -> None:
        time.sleep(0.2)  # meanwhile the other process takes items
        ran.append(os.getpid())

    results = map_in_processes(_slow_double, list(range(200)), 2, alongside)
    assert ran == [os.getpid()]
    assert [value for value, _pid in results] == [i * 2 for i in range(200)]
    mine = sum(pid == os.getpid() for _value, pid in results)
    assert mine < 100, "this process took its half despite the work it did first"


def test_work_alongside_runs_when_the_items_are_few() -> None:
    ran: list[str] = []
    assert map_in_processes(lambda i: i + 1, [1, 2], 2, lambda: ran.append("done")) == [2, 3]
    assert ran == ["done"]


def _fails_in_a_child(item: int) -> int:
    if item == 150 and os.getpid() != PARENT:
        raise ValueError("boom")
    time.sleep(0.001)
    return item


PARENT = os.getpid()


def test_a_failing_worker_is_reported_not_lost() -> None:
    with pytest.raises(RuntimeError, match="a worker process failed"):
        # The parent is kept busy alongside, so item 150 is taken by the child.
        map_in_processes(_fails_in_a_child, list(range(300)), 2, lambda: time.sleep(1.0))


def test_a_failure_alongside_stops_the_other_processes() -> None:
    def alongside() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        map_in_processes(_slow_double, list(range(200)), 2, alongside)
