"""Where the accessibility walk (tests/browser/test_accessibility.py) knowingly lets an
axe rule fail, and why. Keys are (route name, axe rule id); a route name ending in
" (error)" is the page's form in its error state, "*" is every page.

Each entry is a debt with a reason and an owner, not a waiver: remove it when fixed.
"""

EXCEPTIONS: dict[tuple[str, str], str] = {}
