"""The demo's themes: the priorities of the SaferMK Community Safety Strategy
(refreshed 2021, shared/seeds/004), each with its heading, aim and keywords."""

from themes.models import Theme

VULNERABLE = "Vulnerable Communities and Individuals"
NEIGHBOURHOODS = "Neighbourhoods"
COHESIVE = "Cohesive and Resilient Communities"
OTHER = "Other priorities"

STRATEGY_PRIORITIES = [
    (
        "Domestic violence and abuse",
        VULNERABLE,
        "Ensure effective partnership response to the tackling of domestic abuse including: "
        "service provision, working in partnership and tackling perpetrators.",
        ["domestic abuse", "domestic violence", "stalking", "harassment", "coercive"],
    ),
    (
        "Serious violence",
        VULNERABLE,
        "Prevention and reduction of serious violence: youth violence, gangs, drug lines, "
        "knife crime.",
        ["serious violence", "knife", "stabbing", "gang", "county lines", "drug line", "weapon"],
    ),
    (
        "Modern slavery",
        VULNERABLE,
        "Develop an awareness regarding modern day slavery in Milton Keynes that will inform "
        "tactical intervention.",
        ["modern slavery", "modern day slavery", "trafficking", "exploitation"],
    ),
    (
        "Anti-social behaviour",
        NEIGHBOURHOODS,
        "Prevention and reduction of anti-social behaviour (ASB), including environmental crime.",
        ["anti-social", "antisocial", "ASB", "fly tipping", "car cruising", "PSPO", "nuisance"],
    ),
    (
        "Acquisitive crime",
        NEIGHBOURHOODS,
        "Prevention and reduction of acquisitive crime (burglary, vehicle crime and theft) "
        "and rural crime.",
        [
            "burglary",
            "theft",
            "robbery",
            "robberies",
            "vehicle crime",
            "rural crime",
            "shoplifting",
        ],
    ),
    (
        "Community cohesion",
        COHESIVE,
        "Develop cohesive and resilient communities that are confident in the local partnerships.",
        ["cohesion", "community tension", "engagement", "trust", "confidence"],
    ),
    (
        "Prevent",
        OTHER,
        "Deliver the Prevent strategy in Milton Keynes.",
        ["Prevent", "radicalisation", "extremism", "terrorism", "Channel"],
    ),
    (
        "FGM, honour-based violence and forced marriage",
        OTHER,
        "Develop an understanding of how Female Genital Mutilation (FGM), Honour Based "
        "Violence (HBV) and Forced Marriage affect Milton Keynes.",
        ["FGM", "genital mutilation", "honour based", "honour-based", "forced marriage"],
    ),
    (
        "Hate crime",
        OTHER,
        "Continue to monitor hate crime and encourage reporting.",
        ["hate crime", "hate incident", "racist", "homophobic", "islamophobi", "antisemit"],
    ),
    (
        "Stop and search",
        "IAG scrutiny (beside the strategy)",
        "The IAG's scrutiny of stop and search and the use of force (Police and Crime Plan).",
        ["stop and search", "stop & search", "use of force", "body worn video", "section 60"],
    ),
]


def load_strategy_themes(body) -> int:
    """Give `body` the strategy's priorities as themes (kept if already there)."""
    made = 0
    for order, (name, group, description, keywords) in enumerate(STRATEGY_PRIORITIES, 1):
        _theme, created = Theme.objects.get_or_create(
            body=body,
            name=name,
            defaults={
                "group": group,
                "description": description,
                "keywords": "\n".join(keywords),
                "order": order,
            },
        )
        made += created
    return made
