# ruff: noqa: E501  (prose: long string lines are the content)
"""Long-context prompts: each document with three tasks (hand-written for llem, Apache-2.0).

A task is a string (asked about the whole document) or ``(task, (start, stop))``: asked about
paragraphs ``start:stop`` only, which is all the task needs (and varies the prompt lengths).
"""

from documents_a import BIRDSONG, BUS_APP, COOPERATIVE, HOSPITAL, TIMEKEEPING
from documents_b import CACHING, FOOD_WASTE, INTERVIEW, ISLAND_GUIDE, TENANCY

DOCUMENTS = [
    (
        BIRDSONG,
        [
            "Summarise this field report in one paragraph for a general audience.",
            (
                "According to the report, which factor affects the timing of song and which affects its pitch? "
                "Quote the evidence.",
                (0, 4),
            ),
            "Suggest three improvements to the study design, considering the limitations the authors list.",
        ],
    ),
    (
        COOPERATIVE,
        [
            "List every decision taken at this meeting and who is responsible for following it up.",
            (
                "What rent increase was finally agreed, and why was the original proposal changed?",
                (0, 4),
            ),
            "Write a short newsletter item for members who could not attend this meeting.",
        ],
    ),
    (
        TIMEKEEPING,
        [
            "Create a timeline of the main developments described in this essay.",
            ("Why did railways lead to standard time zones, according to the text?", (2, 5)),
            "Write five quiz questions, with answers, based on this essay.",
        ],
    ),
    (
        BUS_APP,
        [
            "Summarise these requirements in five bullet points for a busy executive.",
            (
                "Which requirements in this document are most important for older passengers, and why?",
                (0, 5),
            ),
            "Write three user stories with acceptance criteria based on this document.",
        ],
    ),
    (
        HOSPITAL,
        [
            "Summarise this story in three sentences.",
            "Describe Nadia's character, using evidence from the text.",
            "Rewrite the final paragraph of this story from Mr Haldane's point of view.",
        ],
    ),
    (
        FOOD_WASTE,
        [
            "Summarise this briefing for a school governor in no more than 100 words.",
            ("Which interventions reduced waste, by how much, and which one did not work?", (0, 4)),
            "Draft a letter from the council to head teachers announcing the recommendations in this briefing.",
        ],
    ),
    (
        CACHING,
        [
            "Explain this design in plain language for a product manager.",
            (
                "How does the design make sure a customer cannot buy an item that is out of stock?",
                (0, 4),
            ),
            "Review this design: what risks or questions would you raise before approving it?",
        ],
    ),
    (
        ISLAND_GUIDE,
        [
            "Plan a two-day itinerary on this island for a family with young children, using the guide.",
            "What safety warnings does this guide give? List them.",
            "Write a short, lively social media post promoting the island, based only on facts in the guide.",
        ],
    ),
    (
        TENANCY,
        [
            "Explain this tenancy agreement to the tenant in plain English, clause by clause.",
            "Can the tenant keep a dog, and how much notice must each side give to end the tenancy?",
            (
                "If the rent is paid 20 days late, what can the landlord charge under this agreement?",
                (0, 4),
            ),
        ],
    ),
    (
        INTERVIEW,
        [
            "Summarise the main pain points this customer describes.",
            "Turn this interview into a list of feature requests ranked by how important they seem to the customer.",
            "What does this customer value most in the current product? Support your answer with quotes.",
        ],
    ),
]
