"""The theme-tagging checkboxes, built from one list of themes for every item on a page (the
form's own widget would query the themes once per item)."""


def themes_checkboxes(themes, chosen_ids, *, id_prefix: str) -> dict:
    return {
        "idPrefix": id_prefix,
        "name": "themes",
        "classes": "govuk-checkboxes--small",
        "fieldset": {
            "legend": {
                "text": "Which programme themes is this about?",
                "classes": "govuk-fieldset__legend--s",
            }
        },
        "hint": {"text": "Select all that apply. Select none to remove the tags."},
        "items": [
            {"value": theme.pk, "text": theme.name, "checked": theme.pk in chosen_ids}
            for theme in themes
        ],
    }
