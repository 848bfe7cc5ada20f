"""The demo peer exchange: a dozen threads in the programme's own words (fit-note referrals,
employer engagement, counting starts for the quarterly return, the MSK pathway, VCSE
partners, the Maturity Assessment Matrix), asked by SROs, a network partner and the NST, most
answered and several with the answer that helped marked; one answer reported and waiting for
the learning team, one hidden with the learning team's reason; demo users follow themes.

Posts go through the real services, then their dates are set back in time.
"""

import datetime

from django.utils import timezone

from workwell.models import ProgrammeTheme, User

from ..models import ExchangeAnswer, ExchangeQuestion
from ..services import exchange as services

GM = "sro.greater-manchester@example.com"
CM = "sro.cheshire-and-merseyside@example.com"
SY = "sro.south-yorkshire@example.com"
BS = "sro.birmingham-and-solihull@example.com"
NCL = "sro.north-central-london@example.com"
DORSET = "sro.dorset@example.com"
FRIMLEY = "sro.frimley@example.com"
PARTNER = "partner@example.com"
RM = "rm1@example.com"
LEARNING = "learning@example.com"

PATHWAYS = "health-and-employment-pathways"
DESIGN = "service-design-and-delivery"
PARTNERSHIP = "partnership-and-system-working"
DATA = "data-evaluation-and-impact"
WORKFORCE = "workforce-and-skills"
LIVED = "lived-experience-and-engagement"
LEADERSHIP = "leadership-and-governance"

# (asker, days ago, themes, title, body,
#  answers: [(author, hours after the question, text)], index of the answer that helped)
THREADS = [
    (
        SY,
        1,
        [PATHWAYS],
        "Has anyone got GP fit-note referrals working?",
        "We built a referral route from the fit note into our work and health coaches, but "
        "GPs have sent us six people in two months. What made GPs use yours?",
        [
            (
                GM,
                3,
                "What moved it for us was **being in the room**: a coach joins each primary "
                "care network's weekly huddle, and the practice's social prescriber books "
                "people straight in. A form on the clinical system came second.",
            ),
            (
                PARTNER,
                20,
                "In Norfolk and Waveney we asked the LMC to send a one-page note to every "
                "practice. It helped a little; the huddles sound better.",
            ),
        ],
        0,
    ),
    (
        PARTNER,
        0,
        [PATHWAYS, PARTNERSHIP],
        "How did you get Jobcentre work coaches to refer?",
        "We are a network partner starting our own offer. Did you agree referral criteria "
        "with the Jobcentre district, or work it out with each office?",
        [],
        None,
    ),
    (
        CM,
        3,
        [DATA],
        "Counting starts in the quarterly return: first contact or first appointment?",
        "Our providers count a start at first contact; the return's guidance says a start is "
        "someone who begins support. Which are other vanguards using?",
        [
            (
                RM,
                2,
                "The return counts a start at the **first support appointment attended**, not "
                "the first contact. Triage calls are not starts. Your RM can check last "
                "quarter's figures with you before the next return.",
            ),
            (
                DORSET,
                6,
                "We changed to first appointment in Q2 and our starts fell by a fifth, but the "
                "conversion to outcomes now looks much more honest.",
            ),
        ],
        0,
    ),
    (
        BS,
        5,
        [DESIGN, PATHWAYS],
        "Work and health coaches in MSK clinics: how did you staff them?",
        "We want to copy the MSK pathway model. Did you second coaches from a provider or "
        "employ them in the trust?",
        [
            (
                GM,
                4,
                "Seconded from our employment support provider, co-located in clinic two days "
                "a week. Clinicians helped design the offer, which mattered more than who "
                "employed the coaches.",
            ),
        ],
        0,
    ),
    (
        DORSET,
        7,
        [WORKFORCE],
        "Induction for new work and health coaches",
        "Has anyone written an induction for coaches coming from employment services with no "
        "health background?",
        [
            (
                LEARNING,
                5,
                "There is a coach induction in the support menu, and the toolkit has a draft "
                "checklist. We would welcome your version for the next toolkit release.",
            ),
            (
                NCL,
                30,
                "Ours pairs each new coach with an occupational therapist for their first two "
                "weeks. Happy to share the plan.",
            ),
        ],
        None,
    ),
    (
        NCL,
        9,
        [LIVED],
        "Paying people with lived experience for co-design sessions",
        "How are you paying participants for co-design workshops without affecting their benefits?",
        [
            (
                FRIMLEY,
                8,
                "We use vouchers up to the permitted limit and a clear note people can show "
                "their work coach. Our VCSE partner handles it.",
            ),
        ],
        0,
    ),
    (
        GM,
        12,
        [PARTNERSHIP],
        "Culturally competent support through VCSE partners",
        "Our Be Well and VCSE strands reach communities the main service does not. How are "
        "others contracting small VCSE organisations without putting them off with "
        "paperwork?",
        [
            (
                BS,
                10,
                "A grant agreement with a short monitoring form, and one larger VCSE body "
                "acting as lead partner for the small ones.",
            ),
        ],
        None,
    ),
    (
        FRIMLEY,
        14,
        [LEADERSHIP],
        "Self-assessment: who scores the Maturity Assessment Matrix with you?",
        "Do other SROs score the matrix alone, with the board, or with partners in the room?",
        [
            (
                CM,
                7,
                "With partners in the room, in one session. The disagreements were the most "
                "useful part.",
            ),
        ],
        0,
    ),
    (
        SY,
        16,
        [DESIGN],
        "Waiting times to first appointment",
        "What is a realistic time from referral to first appointment? Ours is 15 working days.",
        [],
        None,
    ),
    (
        CM,
        18,
        [DATA, DESIGN],
        "Which outcome measures do employers actually read?",
        "We report sickness absence days saved, but employers on our board ask for something "
        "simpler. What have others used?",
        [
            (
                PARTNER,
                12,
                "People still in work three months after support ended, by employer size.",
            ),
            (
                SY,
                20,
                "Have a look at this link, and phone Mrs Ahmed at the practice on "
                "0114 496 0000, she has all our participants' details.",
            ),
        ],
        None,
    ),
    (
        BS,
        20,
        [WORKFORCE, PATHWAYS],
        "Employer champions in small businesses",
        "Has anyone recruited employer champions from small businesses rather than large "
        "employers?",
        [
            (
                DORSET,
                9,
                "Through the Chamber of Commerce: two champions now run a monthly breakfast "
                "for small employers.",
            ),
        ],
        0,
    ),
    (
        RM,
        22,
        [LEADERSHIP, PARTNERSHIP],
        "Cohort session topics for next quarter",
        "The mental health cohort group meets next month. What would be most useful to work "
        "through together?",
        [
            (
                CM,
                6,
                "Data sharing agreements with talking therapies providers, please.",
            ),
            (
                SY,
                8,
                "Keeping people engaged between referral and first appointment.",
            ),
        ],
        None,
    ),
]

# (thread title, answer index, reporter, reason); the first is hidden, the second waits.
HIDDEN = (
    "Which outcome measures do employers actually read?",
    1,
    "It named a person and gave out a phone number for participants' details. Please share "
    "contacts through your RM instead.",
)
REPORTED = (
    "Work and health coaches in MSK clinics: how did you staff them?",
    0,
    PARTNER,
    "This mentions a provider by name: is that allowed here?",
)

FOLLOWS = {
    SY: [PATHWAYS, DESIGN],
    GM: [PATHWAYS, PARTNERSHIP],
    CM: [DATA],
    PARTNER: [PATHWAYS, WORKFORCE],
    RM: [DATA, LEADERSHIP],
    LEARNING: [PATHWAYS, DESIGN, PARTNERSHIP, DATA, WORKFORCE, LIVED, LEADERSHIP],
}


def _back(post, when: datetime.datetime) -> None:
    type(post).objects.filter(pk=post.pk).update(created_at=when)


def _thread(row, users, themes) -> ExchangeQuestion:
    asker, days, theme_slugs, title, body, answers, helped = row
    question = services.question_ask(
        actor=users[asker], title=title, body=body, themes=[themes[s] for s in theme_slugs]
    )
    asked = timezone.now() - datetime.timedelta(days=days, hours=2)
    _back(question, asked)
    posted = []
    for author, hours, text in answers:
        answer = services.answer_post(actor=users[author], question=question, body=text)
        _back(answer, min(asked + datetime.timedelta(hours=hours), timezone.now()))
        posted.append(answer)
    if helped is not None:
        services.helpful_mark(actor=users[asker], question=question, answer=posted[helped])
    return question


def _answer(title: str, index: int) -> ExchangeAnswer:
    return ExchangeAnswer.objects.filter(question__title=title).order_by("created_at", "pk")[index]


def seed_exchange(registry: dict) -> dict:
    """The threads, the reported and hidden answers and the follows; running it again
    creates nothing new."""
    if ExchangeQuestion.objects.exists():
        return {"questions": list(ExchangeQuestion.objects.all())}
    emails = {row[0] for row in THREADS} | {a[0] for row in THREADS for a in row[5]}
    users = {user.email: user for user in User.objects.filter(email__in=emails | set(FOLLOWS))}
    themes = {theme.slug: theme for theme in ProgrammeTheme.objects.all()}
    questions = [_thread(row, users, themes) for row in THREADS]
    title, index, reason = HIDDEN
    hidden = _answer(title, index)
    services.post_report(actor=users[CM], post=hidden, reason="Personal details in a post.")
    services.post_hide(actor=users[LEARNING], post=hidden, reason=reason)
    title, index, reporter, reason = REPORTED
    services.post_report(actor=users[reporter], post=_answer(title, index), reason=reason)
    for email, slugs in FOLLOWS.items():
        services.follows_set(actor=users[email], themes=[themes[slug] for slug in slugs])
    return {"questions": questions}
