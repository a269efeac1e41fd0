"""Ukrainian organisation names put back in the nominative case ("директорка Центру ..." ->
"Центр ...", "створений Українським центром" -> "Український центр")."""

from __future__ import annotations

# Ukrainian organisation nouns with their gender, for putting an organisation name back in
# the nominative case after "директорка Центру ..." or "створений Українським центром".
_UK_ORG_NOUNS = {
    "m": """центр комітет підкомітет інститут фонд університет офіс союз рух форум
        департамент апарат секретаріат клуб конгрес альянс кабінет суд штаб парламент уряд
        сенат трибунал хаб консорціум музей курс""".split(),
    "n": """представництво міністерство агентство посольство товариство об’єднання
        управління""".split(),
    "f": """рада служба спілка платформа ініціатива група школа мережа палата прокуратура
        академія асоціація адміністрація комісія місія партія організація лабораторія
        федерація фундація агенція корпорація""".split(),
}


def _uk_case_forms() -> dict[str, dict[str, tuple[str, str]]]:
    """{"gen"|"ins": {inflected noun: (nominative, gender)}} for the nouns above."""
    forms: dict[str, dict[str, tuple[str, str]]] = {"gen": {}, "ins": {}}
    for gender, nouns in _UK_ORG_NOUNS.items():
        for noun in nouns:
            if gender == "m":
                gen, ins = noun + "у", noun + "ом"
            elif noun.endswith("ння"):
                gen, ins = noun, noun + "м"
            elif gender == "n":
                gen, ins = noun[:-1] + "а", noun + "м"
            elif noun.endswith("ія"):
                gen, ins = noun[:-1] + "ї", noun[:-1] + "єю"
            elif noun[-2] in "жчшщ":
                gen, ins = noun[:-1] + "і", noun[:-1] + "ею"
            else:
                gen, ins = noun[:-1] + "и", noun[:-1] + "ою"
            forms["gen"][gen] = (noun, gender)
            forms["ins"][ins] = (noun, gender)
    return forms


_UK_NOUN_FORMS = _uk_case_forms()
# Adjective endings by case and the noun's gender: (inflected ending, nominative ending).
_UK_ADJ_ENDINGS = {
    ("gen", "m"): (("ього", "ій"), ("ого", "ий")),
    ("gen", "n"): (("ього", "є"), ("ого", "е")),
    ("gen", "f"): (("ьої", "я"), ("ої", "а")),
    ("ins", "m"): (("ім", "ій"), ("им", "ий")),
    ("ins", "n"): (("ім", "є"), ("им", "е")),
    ("ins", "f"): (("ьою", "я"), ("ою", "а")),
}


def _uk_nominative(phrase: str, case: str) -> str:
    """Put the leading "adjective(s) + organisation noun" of a Ukrainian phrase in the
    nominative case: "Українським кризовим медіа-центром" -> "Український кризовий
    медіа-центр". Phrases whose noun is not a known organisation noun are left as written.
    """
    words = phrase.split(" ")
    forms = _UK_NOUN_FORMS[case]
    for index, word in enumerate(words[:5]):
        head, _, last = word.rpartition("-")
        found = forms.get(last.casefold())
        if found is None:
            continue
        nominative, gender = found
        if last[:1].isupper():
            nominative = nominative[:1].upper() + nominative[1:]
        converted = [_uk_adjective(w, case, gender) for w in words[:index]]
        if None in converted:
            return phrase  # something other than adjectives precedes the noun
        noun = f"{head}-{nominative}" if head else nominative
        return " ".join([*converted, noun, *words[index + 1 :]])  # type: ignore[list-item]
    return phrase


def _uk_adjective(word: str, case: str, gender: str) -> str | None:
    for ending, nominative in _UK_ADJ_ENDINGS[(case, gender)]:
        if word.endswith(ending):
            return word[: -len(ending)] + nominative
    return None
