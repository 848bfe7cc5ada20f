"""The member's to-do list is written in Python (reporting.presenters.home.task_sections_html).
The template loop it replaced is the reference: both must write the same bytes for sections of
every task status, with and without hints, and with text that must be escaped."""

import itertools

from django.template import Context, Template

from reporting.presenters.home import task_sections, task_sections_html
from reporting.selectors.tasks import HomeTask, TaskSection, TaskStatus

# The loop home.html held, as it was.
REFERENCE = Template(
    "{% load govuk %}{% for section in task_lists %}\n"
    '<h3 class="govuk-heading-m">{{ section.heading }}</h3>\n'
    '{% govuk "task-list" section.task_list %}\n'
    "{% endfor %}"
)

TITLES = ["Complete your quarterly return: 2026/27 Q2", 'Fix <b>"this"</b> & Tom\'s', "x"]
HINTS = ["", "Due 3 March 2026", 'It\'s <late> & "queried"']


def sections() -> list[TaskSection]:
    tasks = [
        HomeTask(title=title, href=f"/actions/{n}/?a=1&b='2'", status=status, hint=hint)
        for n, (status, title, hint) in enumerate(itertools.product(TaskStatus, TITLES, HINTS))
    ]
    return [
        TaskSection(heading="Quarterly returns", tasks=tasks[:7]),
        TaskSection(heading="Your <concerns> & Tom's", tasks=tasks[7:30]),
        TaskSection(heading="Delivery plan", tasks=tasks[30:]),
    ]


def test_the_to_do_list_is_written_as_the_template_wrote_it():
    found = sections()
    expected = REFERENCE.render(Context({"task_lists": task_sections(found)}))
    assert task_sections_html(found) == expected
    assert task_sections_html([]) == REFERENCE.render(Context({"task_lists": []})) == ""


def test_a_task_without_a_link_is_written_by_the_component():
    found = [TaskSection(heading="Plan", tasks=[HomeTask("No link yet", "", TaskStatus.WAITING)])]
    expected = REFERENCE.render(Context({"task_lists": task_sections(found)}))
    assert task_sections_html(found) == expected
