"""Every Dutch sentence the Slack app shows that is not an answer: one place to review them.
Each says what happened and what to do next."""

from __future__ import annotations

from bot.slack.views.mrkdwn import user_mention
from bot.text import mrkdwn

# Texts with a literal `<vraag>` pass the escaper, or Slack would swallow it as markup.

PROGRESS = "Even zoeken… :mag:"
WRITING = "Antwoord wordt geschreven…"
SWOT_PROGRESS = "Even een SWOT maken… :bar_chart:"
PRIVATE_SWOT_PROGRESS = "Even een SWOT maken… :bar_chart: Hij verschijnt hier zo, alleen voor jou."
PRIVATE_PROGRESS = "Even zoeken… :mag: Het antwoord verschijnt hier zo, alleen voor jou."

HELP = mrkdwn(
    "*Samenwerkbot* beantwoordt vragen over intergemeentelijke samenwerking, met bronnen.\n"
    "• `/samenwerking <vraag>`: antwoord alleen voor jou, met een knop *Deel in kanaal*.\n"
    "• `@Samenwerkbot <vraag>` in een kanaal: antwoord in de thread. Een vervolgvraag stel je "
    "in dezelfde thread (noem mij weer).\n"
    "• Een DM aan mij: antwoord in de DM; reageer in de thread voor een vervolgvraag.\n"
    "• `/swot <onderwerp>` of _maak een SWOT van …_: een SWOT-analyse met bronnen.\n"
    "• `/herinnering nieuw`: herinneringen voor PHO's en monitoringsmomenten.\n"
    "• Berichtmenu (⋮) → *Vraag Samenwerkbot hierover*: dat bericht is je vraag; het antwoord "
    "komt in de thread. Of via de sneltoetsen (⚡) → *Vraag Samenwerkbot*: antwoord in je DM.\n"
    "• Berichtmenu (⋮) → *Bewaar als casuskennis*: bewaar een bericht met zijn thread als "
    "casus; ik gebruik het daarna bij mijn antwoorden.\n"
    "Voorbeeld: `/samenwerking Wat is een ambtelijke fusie?`"
)


def apology(reference: str) -> str:
    return (
        ":warning: Sorry, er ging iets mis bij het beantwoorden van je vraag. Probeer het over "
        "een minuut opnieuw. Lukt het dan nog niet, stel de vraag korter of anders, of meld het "
        f"bij de beheerder met foutcode `{reference}`."
    )


def not_enabled(channel_hint: str = "dit kanaal") -> str:
    return mrkdwn(
        f"Ik ben in {channel_hint} niet ingeschakeld. Stel je vraag in een DM aan mij of met "
        "`/samenwerking <vraag>`, of vraag de beheerder dit kanaal toe te voegen "
        "(ALLOWED_CHANNELS)."
    )


EMPTY_QUESTION = (
    "Ik zie geen vraag. Zet je vraag achter mijn naam, bijvoorbeeld: "
    "`@Samenwerkbot Wat is een ambtelijke fusie?`"
)
ADMIN_ONLY = (
    "Herindexeren mag alleen een beheerder van de bot. Vraag een beheerder (ADMIN_USERS) om "
    "`/samenwerking herindexeer` uit te voeren."
)
REINDEX_STARTED = (
    "Herindexeren is gestart. Ik meld het hier als het klaar is; vragen beantwoord ik intussen "
    "met de huidige index."
)


def reindex_done(
    documents: int, chunks: int, skipped: int, removed: int, seconds: float, errors: list[str]
) -> str:
    text = (
        f":white_check_mark: Herindexeren klaar in {seconds:.0f} s: {documents} documenten "
        f"bijgewerkt ({chunks} stukken), {skipped} ongewijzigd, {removed} verwijderd."
    )
    if errors:
        listed = "\n".join(f"• {mrkdwn(e)}" for e in errors[:10])
        text += f"\n:warning: {len(errors)} fouten; los ze op en herindexeer opnieuw:\n{listed}"
    return text


def reindex_failed(reference: str) -> str:
    return (
        ":warning: Herindexeren is mislukt; de oude index blijft in gebruik. Probeer het later "
        f"opnieuw of meld het bij de beheerder met foutcode `{reference}`."
    )


THANKS = {
    "goed": "Dank je voor je 👍! Fijn dat het antwoord hielp.",
    "slecht": (
        "Dank je voor je 👎. We gebruiken dit om de antwoorden te verbeteren. Probeer je vraag "
        "eventueel anders te stellen, of bekijk de bronnen via *Toon passage*."
    ),
}
THANKS_DOWN = (
    "Dank je voor je 👎. Vertel in het venster wat je miste: de beheerder vult daarmee de "
    "kennisbank aan. Probeer je vraag eventueel anders te stellen, of bekijk de bronnen via "
    "*Toon passage*."
)
ANSWER_GONE = mrkdwn(
    "Dit antwoord is niet meer bewaard, dus deze knop werkt niet meer. Stel de vraag opnieuw "
    "met `/samenwerking <vraag>`."
)
SHARED = ":white_check_mark: Gedeeld in het kanaal."
CANNOT_SHARE = mrkdwn(
    "Delen is niet gelukt: Slack nam het bericht hier niet aan (de knop werkt tot 30 minuten "
    "na je vraag). Stel de vraag opnieuw met `/samenwerking <vraag>` en deel dan meteen, of "
    "kopieer het antwoord."
)


def shared_by(user: str) -> str:
    return f"Gedeeld door {user_mention(user)}"


CANVAS_FAILED = mrkdwn(
    "Het canvas is niet gemaakt: Slack weigerde het (canvassen staan misschien uit in deze "
    "werkruimte, of de app mist de toestemming canvases:write). Vraag de beheerder, of gebruik "
    "`python -m bot swot '<onderwerp>' --format markdown` en plak de tekst in een eigen canvas."
)
SHORTCUT_NO_TEXT = (
    "Dit bericht heeft geen tekst om over te vragen. Kies een bericht met tekst, of stel je "
    "vraag met `/samenwerking` of in een DM aan mij."
)
MODAL_NO_QUESTION = "Schrijf je vraag op, bijvoorbeeld: Wat is een ambtelijke fusie?"

CASE_SAVING = "Even opslaan… :floppy_disk:"


def case_saved(title: str, chunks: int) -> str:
    return (
        f":white_check_mark: Opgeslagen als casuskennis: *{mrkdwn(title)}* ({chunks} stukken). "
        "Ik gebruik het vanaf nu bij mijn antwoorden en noem het als bron."
    )


def case_queued(title: str) -> str:
    return (
        f":hourglass_flowing_sand: Dank je! *{mrkdwn(title)}* wacht nu op goedkeuring door een "
        "kennisbeheerder. Pas na goedkeuring gebruik ik het bij mijn antwoorden; je hoort het "
        "van mij als het zover is."
    )


def case_approved(title: str, by: str) -> str:
    return (
        f":white_check_mark: Je casus *{mrkdwn(title)}* is goedgekeurd door {user_mention(by)}. "
        "Ik gebruik hem vanaf nu bij mijn antwoorden en noem hem als bron."
    )


def case_rejected(title: str, by: str) -> str:
    return (
        f"Je casus *{mrkdwn(title)}* is niet opgenomen in de kennisbank ({user_mention(by)} wees "
        "hem af). Vraag die persoon waarom, of bewaar een aangepaste versie opnieuw."
    )


CASE_CONFIRM_PENDING = (
    "Dit bericht komt uit een privégesprek of privékanaal. Bevestig in het venster dat de "
    "tekst zichtbaar mag worden voor iedereen die mij iets vraagt."
)
CASE_NOT_EDITOR = (
    "Alleen kennisbeheerders (KNOWLEDGE_EDITORS) en beheerders (ADMIN_USERS) mogen casussen "
    "goedkeuren of afwijzen. Vraag een van hen dit te doen."
)
CASE_CANCELLED = "Niet bewaard: je hebt het opslaan als casuskennis geannuleerd."


def case_failed(reference: str) -> str:
    return (
        ":warning: Opslaan als casuskennis is mislukt. Probeer het over een minuut opnieuw, of "
        f"meld het bij de beheerder met foutcode `{reference}`."
    )


CASE_EMPTY = (
    "Dit bericht heeft geen tekst om als casus te bewaren. Kies een bericht met tekst (de "
    "thread wordt meegenomen)."
)


def progress_failed() -> str:
    return (
        ":warning: Sorry, Slack nam mijn antwoord op je vraag nu niet aan (na een paar "
        "pogingen). Stel je vraag over een paar minuten opnieuw."
    )


CASE_NOT_ENABLED = (
    "Ik ben in dit kanaal niet ingeschakeld, dus ik bewaar hier niets als casuskennis. Vraag de "
    "beheerder dit kanaal toe te voegen (ALLOWED_CHANNELS), of bewaar een bericht uit een kanaal "
    "waar ik wel meedoe."
)


# Slack Connect: the answer used only sources every organisation in the conversation may see.
LEFT_OUT = (
    "ℹ️ Niet alle bronnen zijn gebruikt: sommige zijn niet zichtbaar voor elke organisatie in "
    "dit gesprek. Vraag het in een kanaal van je eigen organisatie voor het volledige antwoord."
)
