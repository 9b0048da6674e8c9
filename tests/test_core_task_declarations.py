"""Tasks declared by plugins without loading huey, registered when a process uses the queue."""

from __future__ import annotations

import subprocess
import sys

from guichet.core.ops import task_declarations


def test_declaring_loads_no_queue_library_and_the_first_call_registers():
    code = (
        "import sys\n"
        "from guichet.core.ops.task_declarations import periodic_task, task\n"
        "@task(name='guichet.test.double')\n"
        "def double(x):\n    return 2 * x\n"
        "@periodic_task(name='guichet.test.tick', minute='*/10', once_per=600)\n"
        "def tick():\n    return 'tick'\n"
        "assert 'huey' not in sys.modules\n"
        "assert double.call_local(21) == 42\n"  # first use: huey loads, every declared task registers
        "assert 'huey' in sys.modules\n"
        "from guichet.core.ops.tasks import huey\n"
        "assert 'guichet.test.tick' in {t.__name__ for t in huey._registry._periodic_tasks}\n"
        "assert double.name == 'guichet.test.double'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_a_task_declared_after_the_queue_is_loaded_registers_at_once():
    from guichet.core.ops.tasks import huey

    @task_declarations.task(name="guichet.test.late")
    def late() -> str:
        return "late"

    assert late.declared_task is not None
    assert any(key.endswith(".guichet.test.late") for key in huey._registry._registry)
    assert late.call_local() == "late"
