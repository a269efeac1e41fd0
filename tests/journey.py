"""The two episodes of the reader journey (the demo and ``later_episode`` in conftest),
as the browser and export tests name them."""

DEMO_TITLE = "Ukraine and NATO partnership anniversary: joint achievements and challenges"
DEMO_SLUG = "121-ukraine-and-nato-partnership-anniversary"
DEMO_PATH = f"/en/episodes/{DEMO_SLUG}/"
LATER_TITLE = "Security guarantees for Ukraine before NATO membership"
LATER_SLUG = "122-security-guarantees-before-nato-membership"
