"""The import's rules as pure functions."""

from flames.ingest.rules import Write, decide, same_panel_in_order, titles_alike


def test_decide_fills_what_is_empty():
    assert decide("", "New title", None) is Write.SET


def test_decide_updates_what_the_import_wrote():
    assert decide("Old announced title", "New title", "Old announced title") is Write.SET


def test_decide_keeps_what_an_editor_wrote():
    assert decide("Editor's title", "Announced title", None) is Write.KEEP
    assert decide("Editor's title", "Announced title", "Earlier announced title") is Write.KEEP


def test_decide_never_clears_and_ignores_equal_values():
    assert decide("Editor's title", "", "Editor's title") is Write.SAME
    assert decide("Same", "Same", None) is Write.SAME


def test_same_panel_needs_most_of_both_panels_in_order():
    assert same_panel_in_order([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    assert same_panel_in_order([1, 2, 3, 9], [1, 2, 3])
    # Two of five speakers shared (episode 96 and an editor's #140): not the same episode.
    assert not same_panel_in_order([1, 6, 2, 7, 8], [1, 2])
    # The same people in another order are mostly not "the same panel in order".
    assert not same_panel_in_order([1, 2, 3, 4], [4, 3, 2, 1])
    assert not same_panel_in_order([1], [1])


def test_titles_alike_by_ratio():
    assert titles_alike(
        "Optimal security model for Ukraine", "Optimal security model for Ukraine!", 0.8
    )
    assert not titles_alike("Optimal security model for Ukraine", "Grain corridor", 0.6)
    assert not titles_alike("", "", 0.6)
