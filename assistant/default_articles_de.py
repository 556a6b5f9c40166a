"""The default help-center articles in German (assistant.defaults.ARTICLES, by slug;
their topics are the English article's). Written with "Sie"."""

ARTICLES = [
    {
        "slug": "how-instalments-work",
        "title": "So funktioniert die Ratenzahlung",
        "summary": "Sie teilen einen Einkauf in gleich hohe Raten auf, ohne Zinsen. Die erste "
        "wird beim Kauf abgebucht, die anderen folgen nach einem festen Plan.",
        "keywords": "ratenzahlung, raten, in raten zahlen, später zahlen, teilzahlung, "
        "zahlungsplan, zinsfrei, wie funktioniert das, auf einmal, in teilen, wie viele raten, "
        "wie oft, alle zwei wochen, monatlich, erste rate, letzte rate",
        "paragraphs": [
            "Wenn Sie an der Kasse Ratenzahlung wählen, wird der Preis in gleich hohe Raten "
            "aufgeteilt. Je nach Shop und Betrag zahlen Sie in 4 Raten im Abstand von zwei "
            "Wochen oder in 3 oder 6 Monatsraten. Der Shop zeigt Ihnen die angebotenen Pläne, "
            "bevor Sie bestätigen.",
            "Die erste Rate wird am Tag des Kaufs abgebucht. Die weiteren werden an ihren "
            "Fälligkeitstagen automatisch von derselben Karte abgebucht; Sie müssen nichts tun, "
            "solange genug Geld auf der Karte ist. Die Raten sind gleich hoch, nur die letzte "
            "kann um ein paar Cent abweichen, damit alles genau aufgeht.",
            "Es fallen keine Zinsen an, und die Ratenzahlung kostet nichts extra, wenn Sie "
            "pünktlich zahlen. Die einzige Gebühr, die wir je berechnen, ist eine Mahngebühr; "
            "siehe den Artikel zu verspäteten und fehlgeschlagenen Zahlungen.",
            "Wenn Sie angemeldet sind, zeigt die Seite Einkäufe jeden Einkauf mit seinem "
            "Zahlungsplan, und die Seite Zahlungen alle anstehenden und bereits geleisteten "
            "Zahlungen.",
        ],
    },
    {
        "slug": "how-to-pay",
        "title": "So bezahlen Sie, und welche Zahlungsarten wir akzeptieren",
        "summary": "Die Raten werden automatisch von Ihrer Karte abgebucht. Sie können eine "
        "Rate auch vorzeitig zahlen, einen ganzen Einkauf ablösen oder per Überweisung zahlen.",
        "keywords": "bezahlen, jetzt zahlen, selbst zahlen, zahlungsart, zahlungsmethode, "
        "debitkarte, kreditkarte, Visa, Mastercard, überweisung, banküberweisung, "
        "vorzeitig zahlen, ablösen, rest zahlen, vor fälligkeit, abgelaufene karte, neue karte, "
        "andere karte",
        "paragraphs": [
            "Ihre Raten werden automatisch von der Debit- oder Kreditkarte abgebucht, die Sie "
            "an der Kasse verwendet haben. Wir akzeptieren Visa und Mastercard. Haben Sie mit "
            "Apple Pay oder Google Pay bezahlt, belasten wir die dahinterliegende Karte.",
            "Sie können eine Rate vorzeitig zahlen oder alles, was auf einem Einkauf noch offen "
            "ist, jederzeit ablösen: Sprechen Sie uns an, dann buchen wir die Zahlung sofort "
            "ab. Vorzeitiges Zahlen ist immer kostenlos.",
            "Sie können auch per Überweisung zahlen. Fragen Sie uns nach unserer Bankverbindung "
            "und geben Sie Ihre Bestellnummer als Verwendungszweck an, damit wir das Geld Ihrem "
            "Einkauf zuordnen können. Eine Überweisung braucht ein bis zwei Werktage; senden Sie "
            "sie daher einige Tage vor dem Fälligkeitstag.",
            "Sollen Ihre Zahlungen von einer anderen Karte abgebucht werden, sprechen Sie mit "
            "einer Person. Zu Ihrer Sicherheit schicken wir Ihnen einen sicheren Link, über den "
            "Sie die neue Karte hinterlegen; wir fragen nie per E-Mail oder Chat nach Ihrer "
            "vollständigen Kartennummer oder Ihrem Passwort.",
        ],
    },
    {
        "slug": "change-payment-date",
        "title": "Einen Zahlungstermin ändern",
        "summary": "Sie können eine Rate pro Einkauf kostenlos um bis zu 14 Tage verschieben. "
        "Melden Sie sich mindestens zwei Werktage vor der Fälligkeit.",
        "keywords": "zahlungstermin verschieben, datum ändern, aufschieben, später zahlen, "
        "fälligkeitsdatum, abbuchungsdatum, gehalt, anderer tag, mehr zeit, nächste woche",
        "paragraphs": [
            "Passt Ihnen ein Fälligkeitstag nicht, etwa weil er kurz vor Ihrem Gehaltseingang "
            "liegt, können Sie eine Rate pro Einkauf um bis zu 14 Tage verschieben. Das ist "
            "kostenlos, und die anderen Raten behalten ihre Termine.",
            "Melden Sie sich mindestens zwei Werktage vor der Fälligkeit, damit die Änderung "
            "erfolgt, bevor wir abbuchen. Nennen Sie uns die Bestellnummer, welche Rate Sie "
            "verschieben möchten und das gewünschte Datum. Der neue Termin erscheint dann auf "
            "Ihrer Seite Zahlungen.",
            "Eine bereits fehlgeschlagene oder überfällige Zahlung kann nicht verschoben werden, "
            "Sie können sie aber jederzeit begleichen: siehe den Artikel zu verspäteten und "
            "fehlgeschlagenen Zahlungen.",
            "Müssen Sie mehrere Zahlungen verschieben, weil das Geld knapp ist, sprechen Sie "
            "bitte stattdessen mit einer Person. Wir können Ihre Zahlungen pausieren oder einen "
            "passenden Plan vereinbaren: siehe den Artikel zu finanziellen Schwierigkeiten.",
        ],
    },
    {
        "slug": "late-or-failed-payments",
        "title": "Verspätete oder fehlgeschlagene Zahlungen, und unsere Gebühren",
        "summary": "Wir berechnen nie Zinsen. Schlägt eine Zahlung fehl, versuchen wir es "
        "erneut; erst wenn sie 7 Tage nach Fälligkeit noch offen ist, kommt eine Mahngebühr "
        "von 5 € hinzu, höchstens 15 € pro Einkauf.",
        "keywords": "zu spät zahlen, verspätet, abgelehnt, rücklastschrift, nicht durchgegangen, "
        "nicht genug geld, keine deckung, mahngebühr, gebühr, gebühren, versteckte kosten, "
        "zinsen, überfällig, strafe, kosten, was kostet",
        "paragraphs": [
            "Die Ratenzahlung kostet nichts, wenn Sie pünktlich zahlen: keine Zinsen, keine "
            "Anmeldegebühr und keine Gebühr für vorzeitiges Zahlen.",
            "Schlägt eine Zahlung fehl, etwa weil die Karte abgelaufen ist oder nicht gedeckt "
            "war, schreiben wir Ihnen noch am selben Tag eine E-Mail und versuchen es drei Tage "
            "später erneut. Bis sie bezahlt ist, steht die Zahlung auf Ihrer Seite Zahlungen "
            "als Fehlgeschlagen oder Überfällig.",
            "Ist die Zahlung 7 Tage nach Fälligkeit noch offen, kommt eine Mahngebühr von 5 € "
            "hinzu. Es gibt nur eine Mahngebühr pro Rate, und Mahngebühren betragen für einen "
            "Einkauf nie mehr als 15 €, ganz gleich, wie lange er offen bleibt.",
            "Sie können eine überfällige oder fehlgeschlagene Rate jederzeit per Karte oder "
            "Überweisung begleichen (siehe So bezahlen Sie). Solange eine Zahlung überfällig "
            "ist, können Sie keine neuen Einkäufe in Raten beginnen.",
            "Glauben Sie, dass eine Gebühr irrtümlich berechnet wurde, oder konnten Sie wegen "
            "eines Fehlers bei uns nicht zahlen, sprechen Sie mit einer Person, und wir prüfen "
            "das. Sind Sie im Verzug, weil das Geld knapp ist, melden Sie sich früh: Wir können "
            "Ihre Zahlungen pausieren und Mahngebühren streichen (siehe den Artikel zu "
            "finanziellen Schwierigkeiten).",
        ],
    },
    {
        "slug": "refunds",
        "title": "Erstattungen: wie lange sie dauern und was mit Ihren Raten passiert",
        "summary": "Sobald der Shop Ihre Rücksendung oder Stornierung bestätigt, ist Ihre "
        "Erstattung innerhalb von 5 bis 10 Werktagen erledigt, und sie verringert Ihren "
        "offenen Betrag.",
        "keywords": "erstattung, rückerstattung, gutschrift, geld zurück, wie lange dauert, "
        "warte noch, wo ist mein geld, zurückgeschickt, stornierte bestellung, teilerstattung, "
        "erstattung abgelehnt, zurück auf die karte",
        "paragraphs": [
            "Eine Erstattung beginnt beim Shop. Hat der Shop Ihre Rücksendung erhalten oder "
            "Ihre Bestellung storniert, bestätigt er uns die Erstattung mit dem Betrag. Dieser "
            "Schritt hängt vom Shop ab und kommt oft einige Tage nach Eingang Ihres Pakets.",
            "Wie lange eine Erstattung dauert: Ab der Bestätigung durch den Shop schließen wir "
            "Ihre Erstattung innerhalb von 5 bis 10 Werktagen ab. Sie können sie auf Ihrer "
            "Seite Erstattungen verfolgen: Beantragt heißt, dass wir davon wissen, In "
            "Bearbeitung, dass wir daran arbeiten, und Ausgezahlt, dass sie erledigt ist.",
            "Eine Erstattung verringert zuerst, was auf dem Einkauf noch offen ist, beginnend "
            "mit der letzten Rate, sodass Ihr Plan früher endet. Ist die Erstattung höher als "
            "der offene Betrag, geht die Differenz auf die Karte zurück, mit der Sie bezahlt "
            "haben. Nach einer vollständigen Erstattung entfallen die restlichen Raten, und "
            "alles, was Sie gezahlt haben, kommt auf Ihre Karte zurück.",
            "Geld, das auf Ihre Karte zurückgeht, kann je nach Bank noch einige Werktage "
            "brauchen, bis es auf Ihrer Abrechnung erscheint.",
            "Hat der Shop eine Rücksendung, die Sie vor mehr als 14 Tagen geschickt haben, "
            "nicht bestätigt, oder verspätet sich Ihre Erstattung, sprechen Sie mit einer "
            "Person: Wir haken beim Shop nach und können die Zahlungen für diesen Einkauf "
            "solange pausieren. Steht eine Erstattung auf Abgelehnt und halten Sie das für "
            "falsch, sprechen Sie mit einer Person und nennen Sie die Bestellnummer.",
        ],
    },
    {
        "slug": "returns",
        "title": "Einen Artikel zurückschicken",
        "summary": "Rücksendungen laufen über den Shop. Bewahren Sie den Einlieferungsbeleg "
        "auf und sagen Sie uns, wenn Ihre Zahlungen bis zur Bestätigung pausieren sollen.",
        "keywords": "rücksendung, retoure, zurückschicken, zurückgeben, widerruf, größe, zu "
        "klein, zu groß, passt nicht, umentschieden, paket, einlieferungsbeleg, "
        "rücksendeetikett",
        "paragraphs": [
            "Sie schicken einen Artikel so zurück, wie es der Shop in seinen "
            "Rückgabebedingungen beschreibt: über seine Website, mit seinem Etikett, innerhalb "
            "seiner Frist. Wir können selbst keine Rücksendungen annehmen, sorgen aber dafür, "
            "dass die Erstattung in Ihrem Plan ankommt.",
            "Bewahren Sie den Einlieferungsbeleg oder die Sendungsnummer auf, bis Ihre "
            "Erstattung ausgezahlt ist. Sagt der Shop, er habe das Paket nie erhalten, belegt "
            "das, dass Sie es geschickt haben.",
            "Ihre Raten laufen weiter, während der Shop die Rücksendung bearbeitet. Haben Sie "
            "den Artikel zurückgeschickt und möchten solange nicht weiter dafür zahlen, "
            "sprechen Sie mit einer Person: Wir können die Zahlungen für diesen Einkauf bis zu "
            "21 Tage pausieren, während wir auf den Shop warten.",
            "Ein Umtausch, etwa in eine andere Größe, ist Sache zwischen Ihnen und dem Shop. "
            "Kostet der neue Artikel gleich viel, ändert sich Ihr Plan nicht.",
            "Sobald der Shop die Rücksendung bestätigt, lesen Sie im Artikel zu Erstattungen, "
            "wie lange das Geld braucht und wie es Ihre Raten verringert.",
        ],
    },
    {
        "slug": "disputes",
        "title": "Ein Problem mit einem Shop: einen Einkauf beanstanden",
        "summary": "Kam eine Bestellung nie an, war sie defekt oder erstattet der Shop nicht, "
        "kann eine Person aus unserem Team einen Einspruch eröffnen und Ihre Zahlungen "
        "solange pausieren.",
        "keywords": "reklamation, reklamieren, beanstanden, einspruch, nie angekommen, nicht "
        "geliefert, defekt, kaputt, beschädigt, nicht wie beschrieben, doppelt abgebucht, "
        "falscher artikel, shop antwortet nicht",
        "paragraphs": [
            "Die meisten Probleme löst der Shop selbst am schnellsten. Wenden Sie sich deshalb "
            "bitte zuerst an den Shop und geben Sie ihm einige Werktage für eine Antwort. "
            "Bewahren Sie auf, was er Ihnen schreibt.",
            "Hilft das nicht, sprechen Sie mit einer Person aus unserem Team und bitten Sie "
            "darum, den Einkauf zu beanstanden. Das gilt für Bestellungen, die nie ankamen, "
            "defekte oder nicht wie beschriebene Artikel, eine versprochene, aber nie gezahlte "
            "Erstattung, eine stornierte Dienstleistung oder einen doppelt abgebuchten Einkauf.",
            "Halten Sie Ihre Bestellnummer bereit und alles, was zeigt, was passiert ist: "
            "E-Mails oder Nachrichten mit dem Shop, Fotos des Artikels, Sendungsdaten oder "
            "einen Nachweis Ihrer Rücksendung.",
            "Solange der Einspruch offen ist, sind die Zahlungen für diesen Einkauf pausiert, "
            "und es kommen keine Mahngebühren hinzu. Wir bitten den Shop um seine Sicht, meist "
            "innerhalb von 14 Tagen, und teilen Ihnen dann unsere Entscheidung mit. Bekommen "
            "Sie recht, streichen wir den offenen Betrag für die beanstandeten Artikel und "
            "erstatten, was Sie dafür gezahlt haben.",
            "Einsprüche bearbeitet immer eine Person, nie der Assistent allein.",
        ],
    },
    {
        "slug": "lost-or-stolen-card",
        "title": "Karte verloren oder gestohlen",
        "summary": "Lassen Sie die Karte sofort bei Ihrer Bank sperren und sprechen Sie dann "
        "mit einer Person, damit keine Rate mehr von ihr abgebucht wird. Das beantworten wir "
        "zuerst.",
        "keywords": "karte, karte sperren, karte verloren, karte weg, finde meine karte nicht, "
        "gestohlen, geklaut, geldbeutel gestohlen, taschendieb, ersatzkarte, neue karte",
        "paragraphs": [
            "Rufen Sie zuerst Ihre Bank oder den Kartenherausgeber an, um die Karte sperren zu "
            "lassen; in Deutschland auch über den Sperr-Notruf 116 116, Tag und Nacht. Nur "
            "Ihre Bank kann die Karte selbst sperren.",
            "Sprechen Sie dann mit einer Person aus unserem Team und sagen Sie, dass die Karte "
            "verloren oder gestohlen ist. Das ist dringend und wird vor anderen Anliegen "
            "beantwortet. Wir entfernen die Karte aus Ihrem Konto, damit keine Rate mehr von "
            "ihr abgebucht wird, und schicken Ihnen einen sicheren Link für eine neue. Sie "
            "haben dafür 14 Tage Zeit, und in dieser Zeit kommen keine Mahngebühren hinzu.",
            "Sehen Sie Einkäufe oder Zahlungen, die Sie nicht getätigt haben, sagen Sie es "
            "sofort: siehe den Artikel zu Betrugsverdacht.",
            "Wir fragen nie nach Ihrer vollständigen Kartennummer, Ihrer PIN oder Ihrem "
            "Passwort. Fragt jemand in unserem Namen danach, sind das nicht wir.",
        ],
    },
    {
        "slug": "suspected-fraud",
        "title": "Ein Einkauf, den Sie nicht kennen: Betrugsverdacht",
        "summary": "Sehen Sie einen Einkauf oder eine Zahlung, die Sie nicht getätigt haben, "
        "oder glauben Sie, jemand hat Ihr Konto benutzt, sprechen Sie jetzt mit einer Person. "
        "Für Einkäufe, die Sie nicht getätigt haben, zahlen Sie nicht.",
        "keywords": "erkenne nicht, unbekannte abbuchung, betrug, identitätsdiebstahl, "
        "verdächtig, phishing, jemand hat mein konto benutzt, jemand hat sich eingeloggt, "
        "meine daten, gefälschte e-mail, sms mit code",
        "paragraphs": [
            "Gibt es in Ihrem Konto einen Einkauf, den Sie nicht getätigt haben, eine Zahlung, "
            "der Sie nicht zugestimmt haben, oder glauben Sie, jemand anderes hat sich in Ihr "
            "Konto eingeloggt, sprechen Sie sofort mit einer Person. Betrugsmeldungen gehen an "
            "ein Fachteam und werden vor allem anderen beantwortet.",
            "Wir frieren die gemeldeten Einkäufe ein, sodass nichts mehr dafür abgebucht wird, "
            "während wir prüfen, und es kommen keine Mahngebühren hinzu. Für Einkäufe, die Sie "
            "nicht getätigt haben, müssen Sie nicht zahlen.",
            "Schützen Sie Ihr Konto jetzt: Ändern Sie Ihr Passwort (Profil, dann Passwort "
            "ändern), und lassen Sie Ihre Karte von Ihrer Bank sperren, falls jemand anderes "
            "sie benutzt haben könnte.",
            "Seien Sie vorsichtig bei Nachrichten, die angeblich von uns kommen. Wir fragen nie "
            "nach Ihrem Passwort, Ihrer vollständigen Kartennummer, Ihrer PIN oder einem Code, "
            "den wir Ihnen geschickt haben, weder per E-Mail, SMS, Telefon noch Chat. Erhalten "
            "Sie eine solche Nachricht, antworten Sie nicht und sagen Sie uns Bescheid.",
        ],
    },
    {
        "slug": "financial-difficulty",
        "title": "Wenn Sie Schwierigkeiten beim Zahlen haben",
        "summary": "Melden Sie sich früh und sprechen Sie mit einer Person. Wir können Ihre "
        "Zahlungen pausieren, strecken und Mahngebühren streichen, ohne Zinsen.",
        "keywords": "job, arbeitslos, krank, krankgeschrieben, kein geld, pleite, geld knapp, "
        "finanzielle probleme, zahlungen pausieren, zahlungspause, stundung, schulden, "
        "schuldnerberatung",
        "paragraphs": [
            "Jobverlust, Krankheit oder eine unerwartete Rechnung können jeden treffen. Glauben "
            "Sie, dass Sie Ihre nächsten Zahlungen nicht schaffen, sprechen Sie so früh wie "
            "möglich mit einer Person aus unserem Team. Helfen ist viel leichter, bevor "
            "Zahlungen fehlschlagen.",
            "Je nach Ihrer Lage können wir Ihre Zahlungen bis zu 30 Tage pausieren, den offenen "
            "Betrag auf mehr und kleinere Raten verteilen und bereits berechnete Mahngebühren "
            "streichen. Nichts davon kostet Zinsen oder Gebühren.",
            "Das Gespräch ist vertraulich und immer mit einer Person, nicht mit dem Assistenten. "
            "Wir stellen ein paar Fragen zu Ihrer Situation und verlangen nie Nachweise, die "
            "Sie nicht leicht erbringen können.",
            "Machen Sie sich Sorgen um Schulden über Ihre Einkäufe bei uns hinaus, kann eine "
            "kostenlose, unabhängige Schuldnerberatung, etwa der Verbraucherzentrale oder der "
            "Caritas, mit Ihnen alles gemeinsam ansehen. Unser Team nennt Ihnen gern eine.",
        ],
    },
    {
        "slug": "update-your-details",
        "title": "Ihre Daten ändern",
        "summary": "Namen und Passwort ändern Sie auf Ihrer Seite Profil. Für eine neue "
        "E-Mail-Adresse oder Karte sprechen Sie mit einer Person, die zuerst prüft, dass Sie "
        "es sind.",
        "keywords": "daten ändern, e-mail-adresse, email ändern, adresse, profil, persönliche "
        "daten, passwort ändern, passwort vergessen, kann mich nicht anmelden, karte ändern, "
        "telefonnummer, handynummer, wohnadresse",
        "paragraphs": [
            "Ihr Name: Melden Sie sich an, öffnen Sie Profil, ändern Sie ihn und wählen Sie "
            "Speichern.",
            "Ihr Passwort: Wählen Sie auf der Seite Profil Passwort ändern. Haben Sie es "
            "vergessen, nutzen Sie den Link Passwort vergessen? auf der Anmeldeseite.",
            "Mit Ihrer E-Mail-Adresse melden Sie sich an; zu Ihrer Sicherheit ändern wir sie "
            "daher erst, nachdem wir geprüft haben, dass Sie es sind. Sprechen Sie mit einer "
            "Person, wir führen Sie durch.",
            "Die Karte, von der wir Ihre Zahlungen abbuchen: Sprechen Sie mit einer Person, die "
            "Ihnen einen sicheren Link für die neue Karte schickt. Die kommenden Zahlungen "
            "werden dann von der neuen Karte abgebucht.",
            "Telefonnummer und Adresse: Wir schreiben Ihnen nur per E-Mail, daher speichert Ihr "
            "Konto keine Telefonnummer oder Postanschrift. Eine Lieferadresse ist Sache des "
            "Shops: Bitten Sie den Shop, bei dem Sie gekauft haben, sie zu ändern.",
        ],
    },
    {
        "slug": "close-your-account",
        "title": "Ihr Konto schließen",
        "summary": "Sie können Ihr Konto schließen, sobald jeder Einkauf bezahlt oder "
        "erstattet ist. Sprechen Sie dafür mit einer Person.",
        "keywords": "konto schließen, konto kündigen, konto löschen, daten löschen, nicht mehr "
        "nutzen, abmelden",
        "paragraphs": [
            "Sie können Ihr Konto schließen, wenn nichts mehr zu zahlen ist und keine "
            "Erstattung mehr aussteht. Sehen Sie auf Ihren Seiten Zahlungen und Erstattungen "
            "nach: Steht keine Zahlung mehr an und wartet keine Erstattung, ist alles bereit.",
            "Um Ihr Konto zu schließen, sprechen Sie mit einer Person. Wir bestätigen per "
            "E-Mail an die Adresse Ihres Kontos. Ist noch etwas offen, sagen wir Ihnen was, "
            "und Sie können alles auf einmal zahlen, kostenlos.",
            "Nach der Schließung können Sie sich nicht mehr anmelden. Die Unterlagen zu Ihren "
            "Einkäufen und Zahlungen bewahren wir so lange auf, wie das Gesetz es verlangt, und "
            "löschen Ihre übrigen persönlichen Daten. Ein VIP-Abo endet mit dem Konto und wird "
            "nicht erneut berechnet.",
        ],
    },
    {
        "slug": "complaints",
        "title": "Eine Beschwerde einreichen",
        "summary": "Haben wir etwas falsch gemacht, sagen Sie es einer Person. Ein erfahrenes "
        "Teammitglied prüft jede Beschwerde und antwortet innerhalb von 5 Werktagen.",
        "keywords": "beschwerde, beschweren, unzufrieden, schlechter service, unfreundlich, "
        "unfair, keine antwort, eskalieren, schlichtungsstelle, ombudsmann",
        "paragraphs": [
            "Sind Sie mit unserem Service unzufrieden, mit der Bearbeitung eines Anliegens oder "
            "mit einer Entscheidung, möchten wir das wissen. Sprechen Sie mit einer Person und "
            "sagen Sie, dass Sie sich beschweren möchten; Sie können uns auch eine E-Mail "
            "schreiben. Schildern Sie, was passiert ist und was wir tun sollen, bei einem "
            "Einkauf mit der Bestellnummer.",
            "Ein erfahrenes Teammitglied, nicht die Person, mit der Sie zuvor zu tun hatten, "
            "prüft jede Beschwerde. Wir bestätigen den Eingang innerhalb eines Werktags und "
            "antworten innerhalb von 5 Werktagen. Brauchen wir länger, sagen wir Ihnen warum "
            "und bis wann.",
            "Haben wir einen Fehler gemacht, beheben wir ihn: Wir korrigieren Ihr Konto, "
            "streichen zu Unrecht berechnete Gebühren und erklären, was wir ändern, damit es "
            "nicht wieder vorkommt.",
            "Sind Sie mit unserer abschließenden Antwort nicht zufrieden, nennen wir Ihnen die "
            "unabhängige Schlichtungsstelle in Ihrem Land, an die Sie sich kostenlos wenden "
            "können.",
        ],
    },
    {
        "slug": "talk-to-a-human",
        "title": "So sprechen Sie mit einem Menschen",
        "summary": "Sie erreichen jederzeit und von jeder Seite aus eine Person, ohne erst am "
        "Assistenten vorbei zu müssen.",
        "keywords": "mensch, person, mitarbeiter, berater, kundenservice, kein bot, kontakt, "
        "kontaktieren, telefonnummer, e-mail, öffnungszeiten, erreichbarkeit, support, mit "
        "jemandem sprechen",
        "paragraphs": [
            "Jede Seite hat die Schaltfläche Mit einem Menschen sprechen. Sie zeigt alle Wege "
            "zu unserem Team: Schreiben Sie einer Person aus Ihrem Konto und verfolgen Sie das "
            "Gespräch unter Meine Anfragen, oder mailen Sie uns mit Ihrer Bestellnummer.",
            "Der Assistent beantwortet Routinefragen sofort, etwa wann Ihre nächste Zahlung "
            "fällig ist oder wo Ihre Erstattung bleibt. Sie können ihn jederzeit um eine Person "
            "bitten; er übergibt Ihr Gespräch, sodass Sie nicht von vorn beginnen müssen.",
            "Manche Anliegen gehen immer an eine Person: Betrugsverdacht, eine verlorene oder "
            "gestohlene Karte, ein Streit mit einem Shop und finanzielle Schwierigkeiten. Die "
            "dringenden werden zuerst beantwortet.",
            "Unser Team antwortet zu den Geschäftszeiten, Montag bis Freitag. Jede Kundin und "
            "jeder Kunde erreicht immer eine Person; wünschen Sie zu jeder Stunde eine "
            "garantiert schnelle Antwort, siehe den Artikel zu VIP.",
        ],
    },
    {
        "slug": "vip",
        "title": "VIP: eine Person, schnell, garantiert",
        "summary": "VIP ist ein kostenpflichtiges Abo, das Sie innerhalb einer garantierten "
        "Zeit mit einer Person verbindet, Tag und Nacht.",
        "keywords": "vip, schneller, garantiert, mitgliedschaft, vorteile, preis, was kostet, "
        "monatliche kosten, rund um die uhr",
        "paragraphs": [
            "VIP ist ein freiwilliges, kostenpflichtiges Abo für alle, die eine garantiert "
            "schnelle Antwort von einer Person möchten. Die Anfrage eines VIP geht direkt an "
            "ein eigenes Team und wird innerhalb der garantierten Zeit von einer Person "
            "beantwortet, zu jeder Stunde, an jedem Tag der Woche.",
            "Verpassen wir diese Zeit, sagen wir es Ihnen und schreiben Ihrem Abo eine "
            "Gutschrift gut.",
            "Die Pläne, ihre Preise und garantierten Antwortzeiten sehen Sie vor dem "
            "Abschluss. Sie können jederzeit kündigen; VIP bleibt bis zum Ende des bezahlten "
            "Zeitraums aktiv.",
            "Sie brauchen kein VIP, um eine Person zu erreichen. Jeder kann jederzeit mit einem "
            "Menschen sprechen; VIP garantiert, wie schnell.",
        ],
    },
]
