"""Queueing background work: the one place that hands a job to the task queue.

``defer`` queues a procrastinate task in the caller's transaction (the Django connector
writes the job with the request's connection: a rolled-back action queues nothing). With
``BACKGROUND_TASKS_EAGER`` (the test settings) the task runs at once in the caller's
process instead; tests that start a real worker turn it off.
"""

from django.conf import settings


def defer(task, *, schedule_at=None, **kwargs):
    if getattr(settings, "BACKGROUND_TASKS_EAGER", False):
        return task(**kwargs)
    configured = task.configure(schedule_at=schedule_at) if schedule_at else task
    return configured.defer(**kwargs)
