"""The default help-center articles in Swedish (assistant.defaults.ARTICLES, by slug;
their topics are the English article's). Written with "du"."""

ARTICLES = [
    {
        "slug": "how-instalments-work",
        "title": "Så fungerar delbetalning",
        "summary": "Du delar upp ett köp i lika stora betalningar, utan ränta. Den första dras "
        "när du handlar, de andra följer enligt en fast plan.",
        "keywords": "delbetalning, delbetalningar, delbetala, hur fungerar delbetalning, "
        "betala senare, dela upp betalningen, avbetalning, betalplan, räntefritt, "
        "hur funkar det, i delar, på en gång, hur många betalningar, "
        "hur ofta, varannan vecka, varje månad, första betalningen, sista betalningen",
        "paragraphs": [
            "När du väljer att delbetala i kassan delas priset upp i lika stora betalningar. "
            "Beroende på butik och belopp betalar du i 4 betalningar med två veckors mellanrum, "
            "eller i 3 eller 6 månadsbetalningar. Butiken visar vilka planer den erbjuder innan "
            "du bekräftar.",
            "Den första betalningen dras samma dag som du handlar. De andra dras automatiskt "
            "från samma kort på förfallodagarna, så du behöver inte göra något så länge det "
            "finns pengar på kortet. Betalningarna är lika stora, men den sista kan skilja sig "
            "med några cent så att allt går jämnt ut.",
            "Det finns ingen ränta, och delbetalning kostar inget extra när du betalar i tid. "
            "Den enda avgift vi någonsin tar är en förseningsavgift, som förklaras i artikeln "
            "om försenade och misslyckade betalningar.",
            "När du är inloggad visar sidan Köp varje köp med dess betalplan, och sidan "
            "Betalningar visar alla kommande och redan gjorda betalningar.",
        ],
    },
    {
        "slug": "how-to-pay",
        "title": "Så betalar du, och betalsätt vi tar emot",
        "summary": "Delbetalningarna dras automatiskt från ditt kort. Du kan också betala en "
        "i förtid, lösa ett helt köp eller betala med banköverföring.",
        "keywords": "betala, betala nu, betala själv, betalsätt, betalkort, kreditkort, Visa, "
        "Mastercard, banköverföring, överföring, bankgiro, swish, betala i förtid, lösa, "
        "betala resten, betala innan förfallodagen, kort som gått ut, nytt kort, annat kort",
        "paragraphs": [
            "Dina delbetalningar dras automatiskt från betal- eller kreditkortet du använde i "
            "kassan. Vi tar emot Visa och Mastercard. Om du betalade med Apple Pay eller Google "
            "Pay drar vi från kortet bakom.",
            "Du kan betala en delbetalning i förtid, eller lösa allt du har kvar på ett köp, "
            "när som helst: prata med oss så drar vi betalningen direkt. Att betala i förtid "
            "är alltid gratis.",
            "Du kan också betala med banköverföring. Be oss om våra bankuppgifter och ange ditt "
            "ordernummer som meddelande, så att vi kan koppla pengarna till ditt köp. En "
            "överföring tar en till två bankdagar, så skicka den några dagar före förfallodagen.",
            "Vill du att betalningarna dras från ett annat kort, prata med en person. För din "
            "säkerhet skickar vi en säker länk där du lägger till det nya kortet; vi ber aldrig "
            "om hela kortnumret eller ditt lösenord via mejl eller chatt.",
        ],
    },
    {
        "slug": "change-payment-date",
        "title": "Ändra ett betalningsdatum",
        "summary": "Du kan flytta en delbetalning per köp upp till 14 dagar, gratis. Hör av "
        "dig minst två bankdagar före förfallodagen.",
        "keywords": "flytta betalning, ändra datum, skjuta upp, senare, förfallodag, lön, "
        "betalningsdag, byta dag, mer tid, nästa vecka, vänta",
        "paragraphs": [
            "Om en förfallodag inte passar, till exempel för att den infaller precis före "
            "lönen, kan du flytta en delbetalning per köp upp till 14 dagar. Det är gratis, "
            "och de andra delbetalningarna behåller sina datum.",
            "Hör av dig minst två bankdagar innan betalningen ska dras, så att ändringen görs "
            "innan vi försöker dra pengarna. Ange ordernumret, vilken betalning du vill flytta "
            "och vilket datum du vill ha i stället. Det nya datumet syns sedan på sidan "
            "Betalningar.",
            "En betalning som redan har misslyckats eller är försenad kan inte flyttas, men du "
            "kan betala den när som helst: se artikeln om försenade och misslyckade betalningar.",
            "Behöver du flytta fler betalningar för att pengarna inte räcker, prata hellre med "
            "en person. Vi kan pausa dina betalningar eller lägga upp en plan som fungerar för "
            "dig: se artikeln om ekonomiska svårigheter.",
        ],
    },
    {
        "slug": "late-or-failed-payments",
        "title": "Försenade eller misslyckade betalningar, och våra avgifter",
        "summary": "Vi tar aldrig ränta. Misslyckas en betalning försöker vi igen; först om "
        "den är obetald 7 dagar efter förfallodagen lägger vi till en förseningsavgift på "
        "5 €, högst 15 € per köp.",
        "keywords": "betala sent, sen betalning, nekad, gick inte igenom, inte tillräckligt med "
        "pengar, täckning saknas, förseningsavgift, påminnelseavgift, avgift, avgifter, dolda "
        "avgifter, kostnad, ränta, försenad, straffavgift, kostar det",
        "paragraphs": [
            "Att delbetala kostar inget om du betalar i tid: ingen ränta, ingen startavgift och "
            "ingen avgift för att betala i förtid.",
            "Om en betalning misslyckas, till exempel för att kortet har gått ut eller saknade "
            "täckning, mejlar vi dig samma dag och försöker igen tre dagar senare. Tills den är "
            "betald visas betalningen som Misslyckad eller Försenad på sidan Betalningar.",
            "Är betalningen fortfarande obetald 7 dagar efter förfallodagen lägger vi till en "
            "förseningsavgift på 5 €. Det blir bara en avgift per delbetalning, och "
            "förseningsavgifterna blir aldrig mer än 15 € för ett köp, hur länge det än dröjer.",
            "Du kan betala en försenad eller misslyckad delbetalning när som helst, med kort "
            "eller banköverföring (se Så betalar du). Medan en betalning är försenad kan du inte "
            "göra nya köp med delbetalning.",
            "Tror du att en avgift togs av misstag, eller kunde du inte betala på grund av ett "
            "fel hos oss, prata med en person så tittar vi på det. Är du sen för att pengarna "
            "inte räcker, hör av dig tidigt: vi kan pausa dina betalningar och ta bort "
            "förseningsavgifter (se artikeln om ekonomiska svårigheter).",
        ],
    },
    {
        "slug": "refunds",
        "title": "Återbetalningar: hur lång tid de tar och vad som händer med dina delbetalningar",
        "summary": "När butiken har bekräftat din retur eller avbeställning är återbetalningen "
        "klar inom 5 till 10 bankdagar, och den minskar det du har kvar att betala.",
        "keywords": "återbetalning, pengarna tillbaka, hur lång tid, väntar fortfarande, var är "
        "mina pengar, returnerat, avbeställd order, delvis återbetalning, nekad "
        "återbetalning, tillbaka på kortet, kreditering",
        "paragraphs": [
            "En återbetalning börjar hos butiken. När butiken har tagit emot din retur, eller "
            "avbokat din order, bekräftar den återbetalningen till oss med beloppet. Det här "
            "steget beror på butiken och kommer ofta några dagar efter att paketet kommit fram.",
            "Hur lång tid en återbetalning tar: från att butiken bekräftar gör vi klart din "
            "återbetalning inom 5 till 10 bankdagar. Du kan följa den på sidan "
            "Återbetalningar: Begärd betyder att vi känner till den, Behandlas att vi arbetar "
            "med den och Utbetald att den är klar.",
            "En återbetalning minskar först det du har kvar att betala på köpet, med början på "
            "den sista delbetalningen, så att din plan tar slut tidigare. Är återbetalningen "
            "större än det som är kvar går mellanskillnaden tillbaka till kortet du betalade "
            "med. Efter en hel återbetalning avbryts de återstående delbetalningarna och allt "
            "du har betalat kommer tillbaka till ditt kort.",
            "Pengar som går tillbaka till ditt kort kan ta några bankdagar till innan de syns "
            "på ditt kontoutdrag, beroende på din bank.",
            "Har butiken inte bekräftat en retur som du skickade för mer än 14 dagar sedan, "
            "eller dröjer återbetalningen, prata med en person: vi jagar butiken och kan pausa "
            "betalningarna för köpet under tiden. Visas en återbetalning som Nekad och du tror "
            "att det är fel, prata med en person och ange ordernumret.",
        ],
    },
    {
        "slug": "returns",
        "title": "Returnera en vara",
        "summary": "Returer går via butiken. Spara ditt inlämningskvitto, och säg till om du "
        "vill att betalningarna pausas tills butiken har bekräftat.",
        "keywords": "retur, returnera, skicka tillbaka, lämna tillbaka, ångerrätt, storlek, "
        "för liten, för stor, passar inte, ångrat mig, paket, inlämningskvitto, returetikett",
        "paragraphs": [
            "Du returnerar en vara så som butiken beskriver i sina returvillkor: via dess "
            "webbplats, med dess etikett, inom den tid den tillåter. Vi kan inte ta emot returer "
            "själva, men vi ser till att återbetalningen hamnar i din plan.",
            "Spara inlämningskvittot eller spårningsnumret tills återbetalningen är utbetald. "
            "Säger butiken att den aldrig fått paketet visar det att du skickade det.",
            "Dina delbetalningar fortsätter medan butiken hanterar returen. Har du skickat "
            "tillbaka varan och vill inte fortsätta betala för den under tiden, prata med en "
            "person: vi kan pausa betalningarna för köpet i upp till 21 dagar medan vi väntar "
            "på butiken.",
            "Ett byte, till exempel till en annan storlek, sköter du och butiken. Kostar den nya "
            "varan lika mycket ändras inte din plan.",
            "När butiken har bekräftat returen, se artikeln om återbetalningar för hur lång tid "
            "pengarna tar och hur de minskar dina delbetalningar.",
        ],
    },
    {
        "slug": "disputes",
        "title": "Problem med en butik: att bestrida ett köp",
        "summary": "Kom en order aldrig fram, var den trasig, eller vägrar butiken att betala "
        "tillbaka, kan en person i vårt team öppna ett ärende och pausa betalningarna under "
        "tiden.",
        "keywords": "bestrida, reklamation, reklamera, kom aldrig, levererades inte, trasig, "
        "skadad, inte som beskrivet, dragen två gånger, dubbeldebiterad, fel vara, butiken "
        "svarar inte",
        "paragraphs": [
            "De flesta problem löses snabbast av butiken själv, så kontakta butiken först och ge "
            "den några bankdagar att svara. Spara det den skriver till dig.",
            "Hjälper inte det, prata med en person i vårt team och be att få bestrida köpet. "
            "Det gäller order som aldrig kom fram, varor som var trasiga eller inte som "
            "beskrivet, en återbetalning som butiken lovat men aldrig skickat, en avbokad "
            "tjänst eller ett köp som dragits två gånger.",
            "Ha ordernumret redo, och det som visar vad som hände: mejl eller meddelanden med "
            "butiken, foton på varan, spårningsuppgifter eller bevis på att du skickat en retur.",
            "Medan ärendet är öppet är betalningarna för köpet pausade och inga "
            "förseningsavgifter läggs till. Vi ber butiken om dess version, oftast inom 14 "
            "dagar, och berättar sedan vad vi har beslutat. Får du rätt stryker vi det du har "
            "kvar att betala för de varorna och betalar tillbaka det du har betalat.",
            "Bestridanden hanteras alltid av en person, aldrig av assistenten ensam.",
        ],
    },
    {
        "slug": "lost-or-stolen-card",
        "title": "Förlorat eller stulet kort",
        "summary": "Spärra kortet hos din bank direkt, och prata sedan med en person så att "
        "ingen delbetalning dras från det. Vi svarar på sådant först.",
        "keywords": "kort, spärra kortet, tappat kortet, borttappat, hittar inte kortet, "
        "stulet, stulen plånbok, ficktjuv, ersättningskort, nytt kort",
        "paragraphs": [
            "Ring först din bank eller kortutgivare och spärra kortet. Spärrnumret finns på "
            "bankens webbplats och på dina kontoutdrag, och de svarar dygnet runt. Bara din bank "
            "kan spärra själva kortet.",
            "Prata sedan med en person i vårt team och säg att kortet är förlorat eller stulet. "
            "Det är brådskande och besvaras före andra ärenden. Vi tar bort kortet från ditt "
            "konto så att ingen delbetalning dras från det, och skickar en säker länk där du "
            "lägger till ett nytt. Du har 14 dagar på dig, och inga förseningsavgifter läggs "
            "till under tiden.",
            "Ser du köp eller betalningar som du inte har gjort, säg det direkt: se artikeln om "
            "misstänkt bedrägeri.",
            "Vi ber aldrig om hela kortnumret, din pinkod eller ditt lösenord. Ber någon om dem "
            "i vårt namn är det inte vi.",
        ],
    },
    {
        "slug": "suspected-fraud",
        "title": "Ett köp du inte känner igen: misstänkt bedrägeri",
        "summary": "Ser du ett köp eller en betalning som du inte har gjort, eller tror att "
        "någon har använt ditt konto, prata med en person nu. Du betalar inte för köp du inte "
        "har gjort.",
        "keywords": "känner inte igen, okänt köp, bedrägeri, id-kapning, misstänkt, nätfiske, "
        "någon har använt mitt konto, någon har loggat in, mina uppgifter, falskt mejl, sms "
        "om kod",
        "paragraphs": [
            "Finns det ett köp på ditt konto som du inte har gjort, en betalning du inte har "
            "godkänt, eller tror du att någon annan har loggat in på ditt konto, prata med en "
            "person direkt. Bedrägerianmälningar går till ett specialistteam och besvaras före "
            "allt annat.",
            "Vi fryser köpen du anmäler, så att inget mer dras för dem medan vi utreder, och "
            "inga förseningsavgifter läggs till. Du behöver inte betala för köp som du inte har "
            "gjort.",
            "Skydda ditt konto nu: byt lösenord (Profil, sedan Byt lösenord), och be din bank "
            "spärra kortet om någon annan kan ha använt det.",
            "Var vaksam mot meddelanden som påstår sig komma från oss. Vi ber aldrig om ditt "
            "lösenord, hela kortnumret, din pinkod eller en kod vi har skickat, varken via mejl, "
            "sms, telefon eller chatt. Får du ett sådant meddelande, svara inte och berätta för "
            "oss.",
        ],
    },
    {
        "slug": "financial-difficulty",
        "title": "Om du har svårt att betala",
        "summary": "Hör av dig tidigt och prata med en person. Vi kan pausa dina betalningar, "
        "sprida ut dem och ta bort förseningsavgifter, utan ränta.",
        "keywords": "jobb, arbetslös, sjuk, sjukskriven, inga pengar, pank, ont om pengar, "
        "ekonomiska problem, pausa betalningar, betalningsuppehåll, skulder, skuldrådgivning",
        "paragraphs": [
            "Att förlora jobbet, bli sjuk eller få en oväntad räkning kan hända vem som helst. "
            "Tror du att du inte kommer att klara dina nästa betalningar, prata med en person i "
            "vårt team så tidigt du kan. Det är mycket lättare att hjälpa innan betalningar "
            "börjar misslyckas.",
            "Beroende på din situation kan vi pausa dina betalningar i upp till 30 dagar, sprida "
            "ut det du har kvar på fler och mindre delbetalningar och ta bort "
            "förseningsavgifter som redan lagts till. Inget av det kostar ränta eller avgifter.",
            "Samtalet är konfidentiellt och alltid med en person, inte assistenten. Vi ställer "
            "några frågor om din situation, och ber aldrig om bevis du inte enkelt kan ge.",
            "Oroar du dig för skulder utöver dina köp hos oss kan en gratis och oberoende "
            "skuldrådgivning hjälpa dig att se över allt tillsammans, till exempel kommunens "
            "budget- och skuldrådgivare. Vårt team kan tipsa dig om en.",
        ],
    },
    {
        "slug": "update-your-details",
        "title": "Uppdatera dina uppgifter",
        "summary": "Ändra ditt namn och lösenord på sidan Profil. Vill du ändra mejladress "
        "eller kort, prata med en person, som först kontrollerar att det är du.",
        "keywords": "ändra uppgifter, mejladress, e-post, adress, profil, personuppgifter, "
        "byta lösenord, glömt lösenord, kan inte logga in, byta kort, telefonnummer, "
        "mobilnummer, hemadress",
        "paragraphs": [
            "Ditt namn: logga in, öppna Profil, ändra det och välj Spara.",
            "Ditt lösenord: på sidan Profil, välj Byt lösenord. Har du glömt det, använd länken "
            "Glömt lösenordet? på inloggningssidan.",
            "Din mejladress är det du loggar in med, så för din säkerhet ändrar vi den först "
            "när vi har kontrollerat att det är du. Prata med en person så guidar vi dig.",
            "Kortet vi drar dina betalningar från: prata med en person, som skickar en säker "
            "länk där du lägger till det nya kortet. Kommande betalningar dras sedan från det.",
            "Telefonnummer och adress: vi skriver bara till dig via mejl, så ditt konto har "
            "inget telefonnummer eller postadress att uppdatera. En leveransadress är "
            "butikens: be butiken du handlade i att ändra den.",
        ],
    },
    {
        "slug": "close-your-account",
        "title": "Avsluta ditt konto",
        "summary": "Du kan avsluta ditt konto när alla köp är betalda eller återbetalda. "
        "Prata med en person för att göra det.",
        "keywords": "avsluta konto, stänga kontot, säga upp, ta bort mina uppgifter, radera "
        "mina uppgifter, sluta använda",
        "paragraphs": [
            "Du kan avsluta ditt konto när inget är kvar att betala och ingen återbetalning är "
            "på väg. Titta på sidorna Betalningar och Återbetalningar: finns ingen kommande "
            "betalning och ingen väntande återbetalning är du redo.",
            "För att avsluta kontot, prata med en person och be om det. Vi bekräftar via mejl "
            "till adressen på ditt konto. Har du något kvar att betala säger vi vad, och du kan "
            "betala allt på en gång, kostnadsfritt.",
            "När kontot är avslutat kan du inte längre logga in. Vi sparar uppgifterna om dina "
            "köp och betalningar så länge lagen kräver och raderar resten av dina "
            "personuppgifter. Ett VIP-abonnemang upphör med kontot och du debiteras inte igen.",
        ],
    },
    {
        "slug": "complaints",
        "title": "Lämna ett klagomål",
        "summary": "Har vi gjort fel, säg det till en person. En erfaren medarbetare går "
        "igenom varje klagomål och svarar inom 5 bankdagar.",
        "keywords": "klagomål, klaga, missnöjd, dålig service, dåligt bemötande, otrevlig, "
        "orättvist, inget svar, eskalera, arn, konsumentverket",
        "paragraphs": [
            "Är du missnöjd med vår service, med hur ett ärende hanterades eller med ett beslut "
            "vi har fattat, vill vi veta det. Prata med en person och säg att du vill lämna ett "
            "klagomål; du kan också mejla oss. Berätta vad som hände och vad du vill att vi gör, "
            "med ordernumret om det gäller ett köp.",
            "En erfaren medarbetare, inte den du pratade med tidigare, går igenom varje "
            "klagomål. Vi bekräftar att vi har fått det inom en bankdag och svarar inom 5 "
            "bankdagar. Behöver vi längre tid berättar vi varför och när du kan vänta dig svar.",
            "Har vi gjort fel rättar vi till det: vi korrigerar ditt konto, tar bort avgifter "
            "som inte borde ha tagits och förklarar vad vi ändrar så att det inte händer igen.",
            "Är du inte nöjd med vårt slutliga svar berättar vi vilken oberoende tvistlösning "
            "du kan vända dig till kostnadsfritt, i Sverige Allmänna reklamationsnämnden (ARN).",
        ],
    },
    {
        "slug": "talk-to-a-human",
        "title": "Så pratar du med en människa",
        "summary": "Du kan nå en person när som helst, från vilken sida som helst, utan att "
        "först ta dig förbi assistenten.",
        "keywords": "människa, person, handläggare, kundtjänst, inte en bot, kontakta oss, "
        "nå er, telefonnummer, mejla, öppettider, supporten, prata med någon",
        "paragraphs": [
            "Varje sida har knappen Prata med en människa. Den visar alla sätt att nå vårt team: "
            "skriv till en person från ditt konto och följ samtalet under Mina ärenden, eller "
            "mejla oss med ditt ordernummer.",
            "Assistenten svarar direkt på vanliga frågor, som när nästa betalning ska dras eller "
            "var din återbetalning är. Du kan be den om en person när som helst, och den lämnar "
            "över samtalet, så du behöver inte börja om.",
            "Vissa ärenden går alltid till en person: misstänkt bedrägeri, ett förlorat eller "
            "stulet kort, en tvist med en butik och ekonomiska svårigheter. De brådskande "
            "besvaras först.",
            "Vårt team svarar under kontorstid, måndag till fredag. Alla kunder kan alltid nå en "
            "person; vill du ha garanterat snabbt svar dygnet runt, se artikeln om VIP.",
        ],
    },
    {
        "slug": "vip",
        "title": "VIP: en person, snabbt, garanterat",
        "summary": "VIP är ett betalt abonnemang som kopplar dig till en person inom en "
        "garanterad tid, dag som natt.",
        "keywords": "vip, snabbare, garanterat, medlemskap, förmåner, pris, vad kostar, "
        "månadskostnad, dygnet runt",
        "paragraphs": [
            "VIP är ett frivilligt betalt abonnemang för dig som vill ha garanterat snabbt svar "
            "från en person. En VIP-kunds ärende går direkt till ett särskilt team och besvaras "
            "av en person inom den tid planen garanterar, när som helst, alla dagar i veckan.",
            "Missar vi den tiden säger vi det och krediterar ditt abonnemang.",
            "Planerna, deras priser och garanterade svarstider visas innan du tecknar. Du kan "
            "säga upp när som helst; VIP gäller till slutet av perioden du har betalat för.",
            "Du behöver inte VIP för att nå en person. Alla kunder kan prata med en människa "
            "när som helst; VIP garanterar hur snabbt.",
        ],
    },
]
