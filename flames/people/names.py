# TEMPORARY STUB (helper-1 replaces this file)
def name_key(name: str) -> str:
    return name.casefold()
