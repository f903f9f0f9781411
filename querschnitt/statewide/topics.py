"""The four deep-dive topics of the coaching with their guiding questions, in the words of seed 000. Migration 0002
puts them into the catalogue; the demo puts them back where a database was emptied since (a flushed test database)."""

from typing import Any

TOPICS = [
    (
        "Idee und Selbstverständnis eines Integrationsrates",
        "Darstellung der Idee dahinter: was der Gesetzgeber sagt, was das Gremium kann und was es nicht kann.",
        [
            "Was sagt der Gesetzgeber zum Integrationsrat?",
            "Was ist die Idee und das Selbstverständnis eines Integrationsrates – kurz: was soll das Ganze?",
            "Welches Selbstverständnis hat das Gremium Integrationsrat in NRW? Welche Aufgabe hat er, was kann er "
            "erreichen – was kann er nicht erreichen?",
            "Die Aufgabe des Gremiums Integrationsrat, der gewählten Mitglieder und der Ratsmitglieder",
            "Warum braucht eine Stadt oder ein Kreis im Einwanderungsland Deutschland einen starken Integrationsrat? "
            "Was ist der Mehrwert für Politik und Verwaltung?",
            "Warum braucht die Kommunalpolitik der Kommune unbedingt einen starken Integrationsrat?",
            "Warum braucht die Bürgermeisterin / der Bürgermeister und die Verwaltung der Kommune einen starken "
            "Integrationsrat?",
            "Was hat man persönlich als gewähltes Mitglied von der Arbeit im Integrationsrat? Was sollte man "
            "mitbringen? Was sind die Möglichkeiten?",
        ],
    ),
    (
        "Strukturen für die Integrationsratsarbeit",
        "Wie der Integrationsrat einen Fuß in die Tür des politischen Geschäfts bekommt: Rechte, Verankerung, "
        "Geschäftsführung und Organisation.",
        [
            "Wie bekommt man einen Fuß in die Tür des politischen Geschäftes?",
            "Formale Verankerung in die Beratungsfolgen des Rates, Festschreibung in Hauptsatzung und Geschäftsordnung",
            "Welche konkreten Rechte hat der Integrationsrat in NRW?",
            "Welche weiteren Rechte sollte der Integrationsrat in der Kommune bekommen?",
            "Welchen Einfluss, welche Gestaltungsmacht hat der Integrationsrat und wie funktioniert das politische "
            "Spiel?",
            "Geschäftsführung und Ausschusssachbearbeitung – warum ist eine Geschäftsstelle so wichtig?",
            "Was kann ihr Selbstverständnis sein – was kann sie leisten?",
            "Organisation ist alles – wie kann die Arbeit am besten strukturiert werden?",
            "Einrichtung von Koordinierungsrunden und Facharbeitskreisen",
        ],
    ),
    (
        "Inhaltliche Oberziele der politischen Arbeit im Integrationsrat",
        "Der Integrationsrat gestaltet die Einwanderungsgesellschaft mit und legt das Thema Migration als "
        "Querschnittsthema über alle Themen der Stadt.",
        [
            "Wie identifiziert man die Themen in der Stadt?",
            "Sichtbarmachung von Potentialen von Migration",
            "Chancengerechtigkeit von Menschen mit internationaler Familiengeschichte",
            "Integration von neu zugewanderten Menschen",
            "Diskriminierung und Rassismus",
        ],
    ),
    (
        "Instrumente und Tipps",
        "Klausurtagungen, öffentliche Veranstaltungen, Kontaktpflege, Nutzung von Statistiken.",
        [
            "Wann lohnt sich eine Klausurtagung, und wie bereitet man sie vor?",
            "Welche öffentlichen Veranstaltungen machen die Arbeit des Gremiums sichtbar?",
            "Wie pflegt man Kontakte zu Politik, Verwaltung und Migrantenorganisationen?",
            "Welche Statistiken helfen, Themen zu belegen?",
        ],
    ),
]


def add_default_topics(topic_model: Any) -> None:
    """Add the seed's topics that are missing (by title); never changes a topic the state staff edited."""
    for order, (title, summary, questions) in enumerate(TOPICS, start=1):
        topic_model.objects.get_or_create(
            title=title, defaults={"summary": summary, "guiding_questions": "\n".join(questions), "order": order * 10}
        )
