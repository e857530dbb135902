"""Free texts the papers print, entered in Kyrgyz and in Russian: which form a document in a language prints.

Places, addresses, media outlets and the names of organisations and associations are data typed by the secretariat,
not gettext messages: each is kept in both official languages, side by side. The Kyrgyz form is the one that is
always entered (the rules that compare names, such as one elected per organisation, go by it); the Russian form may
still be missing, and a paper is issued with it missing only once the user has been told and agreed
(``services.translations``). This is the one place that picks the form a document prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from osgo_desktop.i18n import N_

#: the official languages of the papers, with the label of each form in the forms (shown through gettext)
LANGUAGE_LABELS = {"ky": N_("in Kyrgyz"), "ru": N_("in Russian")}


@dataclass(frozen=True)
class Bilingual:
    """A free text in Kyrgyz (``ky``, always entered) and in Russian (``ru``; "" while not entered yet)."""

    ky: str
    ru: str = ""

    def get(self, lang: str) -> str:
        """The form a document in ``lang`` prints: the Russian one for Russian (and English) papers when it is
        entered; otherwise the Kyrgyz one — for a Russian paper only after the user agreed to issue it so."""
        if lang != "ky" and self.ru.strip():
            return self.ru.strip()
        return self.ky.strip()

    def lacks(self, lang: str) -> bool:
        """Whether a Russian document would print the Kyrgyz form for want of the Russian one (an empty text lacks
        nothing: there is nothing to print). English is no official language of the papers: it never asks."""
        return lang == "ru" and bool(self.ky.strip()) and not self.ru.strip()

    def __bool__(self) -> bool:
        return bool(self.ky.strip() or self.ru.strip())
