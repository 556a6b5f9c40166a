"""How the customer feels, from -1 (furious) through 0 (a plain question) to 1 (delighted).

A lexicon scorer in the manner of VADER (Hutto & Gilbert, 2014), with our own lexicon
of customer-service words and phrases on a -4..4 scale. A word's valence is
- flipped and softened by a negation in the three words before it ("not happy"),
- raised by an intensifier before it ("very", "absolutely") and lowered by a
  softener ("a bit", "slightly"),
- raised when it (or its intensifier or negation) is written in CAPITALS,
- halved before "but" and raised after it ("thanks, but this is useless").
Exclamation marks (up to four) and repeated question marks add emphasis. The sum s
is squashed to s / sqrt(s^2 + 15), so one strong word gives about -0.6 and strong
words with emphasis approach -1.

Topic words of the desk ("fraud", "stolen", "declined") carry only a little valence,
and each topic counts once: they route by intent, a calm report of a lost card is not an
angry customer, and "my payment FAILED?? why did it fail" names one failure, not two.
"""

import math
import re

from assistant.triage.text import strip_invisible

LEXICON_TEXT = """
abuse -2.8  abusive -2.8  absurd -2.1  angry -2.7  anger -2.5  angrier -2.8  annoyed -1.8
annoying -1.6  anxious -1.5  appalled -3.0  appalling -3.1  atrocious -3.2  awful -2.8
bad -2.2  badly -1.9  betrayed -2.6  bloody -1.5  broken -1.6  bullshit -3.0  cheat -2.4
cheated -2.6  cheating -2.5  cheats -2.4  clueless -2.0  complain -1.2  complaint -1.0
complaints -1.1  confused -1.0  confusing -1.3  crap -2.2  crappy -2.3  criminal -2.6
criminals -2.7  crook -2.6  crooks -2.7  damn -1.6  damned -1.8  deceived -2.4
deceptive -2.3  delay -1.0  delayed -1.0  delays -1.1  denied -1.2  desperate -2.0
despise -3.0  disappointed -2.3  disappointing -2.3  disappointment -2.3  disaster -2.8
disastrous -2.9  disgrace -3.0  disgraceful -3.1  disgusted -3.0  disgusting -3.1
dishonest -2.5  dissatisfied -2.2  distressed -2.3  dreadful -2.8  dumb -2.0  error -0.8
errors -1.0  exhausted -1.5  fail -1.0  failed -1.0  failing -1.0  fails -1.0  failure -1.0
fake -2.0  fault -1.3  faulty -1.6  fraud -1.0  fraudsters -2.4  fraudulent -1.5
frustrated -2.3  frustrating -2.3  frustration -2.3  fuck -2.8  fucking -2.8  furious -3.1
garbage -2.5  hacked -1.3  harass -2.5  harassed -2.6  harassment -2.6  hate -2.7
hated -2.7  hateful -2.9  hell -2.3  helpless -2.0  hopeless -2.4  horrendous -3.2
horrible -3.0  horrified -2.7  idiot -2.6  idiotic -2.7  idiots -2.7  ignore -1.6
ignored -2.1  ignoring -2.2  illegal -2.2  impossible -1.5  inadequate -2.0
incompetence -2.7  incompetent -2.7  infuriated -3.1  infuriating -3.1  insane -1.9
insult -2.4  insulted -2.5  insulting -2.6  irritated -1.9  irritating -1.9  joke -1.6
lawsuit -2.2  lawyer -1.3  lawyers -1.3  lazy -1.9  liar -2.8  liars -2.9  lied -2.6
lies -2.5  livid -3.2  lousy -2.3  mad -2.2  mess -1.8  messed -1.9  misleading -2.2
mistake -1.3  mistakes -1.4  miserable -2.7  moron -2.8  morons -2.8  nasty -2.5
nightmare -2.8  nonsense -2.2  ombudsman -1.2  outrage -3.0  outraged -3.1
outrageous -3.1  overcharged -2.0  pathetic -2.9  pissed -2.8  pointless -1.9  poor -1.8
poorly -1.8  problem -0.8  problems -1.0  rage -3.0  ridiculous -2.3  robbed -2.8
robbery -2.8  rubbish -2.3  rude -2.4  sad -1.8  scam -2.9  scammed -3.0  scammer -3.0
scammers -3.0  scams -2.9  scandal -2.5  scandalous -2.8  screwed -2.5  shambles -2.6
shame -2.0  shameful -2.8  shameless -2.6  shit -2.6  shitty -2.7  shocked -1.8
shocking -2.1  shoddy -2.2  sick -1.4  slow -1.2  sloppy -1.9  stealing -2.7  steal -2.4
stole -2.7  stolen -1.2  stupid -2.4  suck -2.2  sucks -2.4  sue -2.2  suing -2.2
terrible -3.0  terribly -2.2  theft -1.6  thief -2.8  thieves -2.9  threat -2.0
threaten -2.1  threatening -2.2  tired -1.0  trash -2.1  trouble -1.3  ugh -1.6
unacceptable -3.1  unbelievable -1.4  unfair -2.2  unhappy -2.3  unhelpful -2.2
unjust -2.2  unprofessional -2.4  unreliable -2.0  upset -2.1  useless -2.5  waste -1.9
wasted -2.0  wasting -2.0  worried -1.5  worry -1.3  worse -2.1  worst -3.1
worthless -2.7  wrong -1.4  wtf -2.8  annoy -1.7  unreasonable -2.0  greedy -2.2
neglected -2.0  abandoned -2.0  stuck -1.3  late -0.7  lost -0.6  missing -0.6
blocked -0.7  declined -0.6  refused -1.2  rejected -1.2  charged -0.3  unsafe -1.8
panic -2.0  panicking -2.2  scared -1.9  afraid -1.6  stress -1.7  stressed -1.8
stressful -1.9  nervous -1.4  unauthorized -1.2  unauthorised -1.2  sorry -0.3
crying -2.6  cried -2.4  tears -2.2  devastated -3.1  overwhelmed -2.6  depressed -2.9
suicidal -3.8  hopelessness -2.9  despair -3.0  desperation -2.8  terrified -2.8
sleepless -2.0  heartbroken -3.0  breakdown -2.7
acceptable 1.3  amazing 3.0  appreciate 2.1  appreciated 2.2  awesome 3.0  best 3.0
brilliant 3.0  calm 1.0  cheers 1.6  clear 0.9  convenient 1.6  cool 1.3  delighted 3.0
easy 1.6  easily 1.2  efficient 1.9  excellent 3.2  fab 2.6  fabulous 3.0  fair 1.3
fantastic 3.2  fast 1.1  fine 0.8  fixed 1.2  friendly 2.0  glad 2.1  good 1.9  grateful 2.3
great 3.1  happy 2.7  helpful 2.1  impressed 2.3  impressive 2.4  kind 1.9  kindly 0.8
legend 2.2  lifesaver 2.6  love 3.0  loved 2.9  lovely 2.7  marvelous 3.0  nice 1.8
ok 0.6  okay 0.6  outstanding 3.1  perfect 2.9  perfectly 2.6  pleasant 2.2  pleased 2.2
polite 1.8  professional 1.5  prompt 1.5  quick 1.1  quickly 0.9  reassured 1.6
recommend 1.9  relieved 1.9  reliable 1.8  resolved 1.6  satisfied 1.9  smooth 1.4
solved 1.6  sorted 1.3  splendid 3.0  super 2.0  superb 3.1  supportive 1.9  terrific 3.1
thank 1.6  thankful 2.2  thanks 1.9  thx 1.6  ty 1.4  wonderful 3.0  yay 2.2  works 0.6
"""
PHRASES_TEXT = """
rip off -2.9 | ripped off -2.9 | rip-off -2.9 | waste of time -2.3 | waste of money -2.5
fed up -2.4 | sick of -2.2 | sick and tired -2.8 | had enough -2.1 | last straw -2.6
never again -2.1 | not working -1.5 | doesn't work -1.5 | does not work -1.5
don't work -1.5 | isn't working -1.5 | is not working -1.5 | won't work -1.5
still waiting -1.5 | still not -1.3 | no response -1.6 | no reply -1.6 | no answer -1.3
no one answers -1.8 | nobody answers -1.8 | not acceptable -2.9 | not ok -1.9
not okay -1.9 | not good enough -2.5 | not fair -2.2 | not happy -2.3 | not impressed -2.0
not satisfied -2.2 | not helpful -2.1 | take my business elsewhere -2.4
report you -2.1 | legal action -2.6 | what the hell -2.6 | for god's sake -2.1
are you kidding -1.9 | you must be joking -1.9 | charged twice -1.6 | double charged -1.6
my money back -1.2 | thank you 2.0 | thanks a lot 2.1 | thank you so much 2.6
thanks so much 2.5 | many thanks 2.3 | well done 2.5 | good job 2.5 | great job 2.8
no problem 1.0 | no worries 1.0 | not bad 1.2 | not too bad 1.1 | works perfectly 2.6
can't cope -3.2 | cant cope -3.2 | cannot cope -3.2 | can not cope -3.2 | not coping -3.0
falling apart -3.0 | no way out -3.2 | dont see a way out -3.2 | end of my rope -3.0
don't see a way out -3.2 | do not see a way out -3.2
end of my tether -3.0 | can't take it -2.8 | cant take it -2.8 | cannot take it -2.8
can't sleep -2.2 | cant sleep -2.2 | losing my mind -2.8 | breaking down -2.7
at breaking point -3.0 | don't know what to do -1.9 | dont know what to do -1.9
kill myself -4.0 | end it all -4.0 | give up -1.8 | going under -2.6 | drowning in -2.6
can't do this anymore -3.0 | cant do this anymore -3.0 | cannot do this anymore -3.0
can't do this any more -3.0 | cant do this any more -3.0 | can't go on -3.4 | cant go on -3.4
don't see the point -3.2 | dont see the point -3.2 | do not see the point -3.2
no point in anything -3.2 | what's the point of anything -3.2 | whats the point of anything -3.2
no point living -4.0 | want to disappear -3.4 | want to die -4.0 | better off without me -4.0
hate my life -3.0 | too much for me -2.4 | can't handle this -2.4 | cant handle this -2.4
"""
PROFANITY = {"fucking", "bloody", "damn"}  # intensify and count on their own
SOFTENER = "<softener>"
SOFTENING_PAIRS = {("kind", "of"), ("sort", "of"), ("a", "bit"), ("a", "little"), ("a", "tad")}
INTENSIFIERS = {
    "absolutely", "completely", "totally", "utterly", "extremely", "very", "really",
    "so", "incredibly", "super", "seriously", "truly", "deeply", "highly", "most",
    "such", "too", "entirely", "thoroughly", "fully", "beyond", "insanely", "exceptionally",
    "remarkably", "fucking", "bloody", "damn", "hugely", "massively", "majorly",
    "particularly", "especially", "unbelievably", "ridiculously", "terribly", "awfully",
}  # fmt: skip
SOFTENERS = {
    "slightly", "somewhat", "bit", "little", "kinda", "sorta", "barely", "hardly", "fairly",
    "partly", "marginally", "mildly", "occasionally", "rather", SOFTENER,
}  # fmt: skip
NEGATIONS = {
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
    "cannot", "cant", "can't", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't",
    "isnt", "isn't", "wasnt", "wasn't", "arent", "aren't", "werent", "weren't", "wont",
    "won't", "wouldnt", "wouldn't", "couldnt", "couldn't", "shouldnt", "shouldn't",
    "havent", "haven't", "hasnt", "hasn't", "hadnt", "hadn't", "aint", "ain't", "nowhere",
}  # fmt: skip
EMOJI = {
    ":)": 1.8, ":-)": 1.8, ":d": 2.2, ";)": 1.4, ":(": -1.9, ":-(": -1.9, ":'(": -2.2,
    ">:(": -2.6, "😡": -3.0, "🤬": -3.2, "😠": -2.7, "😤": -2.2, "😞": -1.9, "😢": -2.0,
    "😭": -2.3, "🙁": -1.6, "☹": -1.7, "👎": -2.0, "🙂": 1.5, "😊": 2.0, "😀": 2.1,
    "😃": 2.1, "😄": 2.2, "😍": 2.8, "🥰": 2.8, "❤": 2.5, "👍": 1.8, "🙏": 1.5, "👏": 2.0,
}  # fmt: skip

LEXICON = {
    word: float(value)
    for word, value in zip(LEXICON_TEXT.split()[::2], LEXICON_TEXT.split()[1::2], strict=True)
}
PHRASES = {
    tuple(phrase.rsplit(" ", 1)[0].split()): float(phrase.rsplit(" ", 1)[1])
    for phrase in (item.strip() for item in PHRASES_TEXT.replace("\n", "|").split("|"))
    if phrase
}
# The desk's topic words, by topic: a topic's second mention adds nothing.
TOPICS = {
    word: topic
    for topic, words in {
        "fail": "fail fails failed failing failure",
        "decline": "declined denied refused rejected",
        "late": "late delay delayed delays",
        "lost": "lost missing stolen theft",
        "blocked": "blocked",
        "fraud": "fraud fraudulent hacked unauthorized unauthorised",
        "error": "error errors problem problems",
    }.items()
    for word in words.split()
}
LONGEST_PHRASE = max(len(words) for words in PHRASES)
TOKEN = re.compile(r">:\(|:'\(|[:;]-?[()dDpP]|[\w']+|!+|\?+|[\U0001F300-\U0001FAFF\u2600-\u27BF]")

INTENSIFIER_STEP = 0.293  # VADER's booster increment
CAPS_STEP = 0.733  # VADER's capitals increment
NEGATION_FACTOR = -0.74  # VADER's negation scalar
EXCLAMATION_STEP = 0.292
QUESTION_STEP = 0.18
SQUASH = 15.0


def _is_shouted(token: str) -> bool:
    return len(token) >= 2 and token.isalpha() and token.isupper()


def _valence(word: str) -> float:
    if word in LEXICON:
        return LEXICON[word]
    if word in EMOJI:
        return EMOJI[word]
    for suffix, replacement in (("ing", ""), ("ed", ""), ("ed", "e"), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            stem = word[: -len(suffix)] + replacement
            if stem in LEXICON:
                return LEXICON[stem] * 0.9
    return 0.0


def _items(tokens: list[str]) -> list[tuple[str, float, bool]]:
    """(word, valence, shouted) per token, a known phrase counting as one word with
    the negation already inside it, and "kind of" as one softener."""
    lowered = [token.lower() for token in tokens]
    items, i = [], 0
    while i < len(tokens):
        if tuple(lowered[i : i + 2]) in SOFTENING_PAIRS:
            items.append((SOFTENER, 0.0, False))
            i += 2
            continue
        for size in range(min(LONGEST_PHRASE, len(tokens) - i), 1, -1):
            phrase = tuple(lowered[i : i + size])
            if phrase in PHRASES:
                shouted = any(_is_shouted(token) for token in tokens[i : i + size])
                items.append(("<phrase>", PHRASES[phrase], shouted))
                i += size
                break
        else:
            items.append((lowered[i], _valence(lowered[i]), _is_shouted(tokens[i])))
            i += 1
    # "super slow", "terribly sorry": a word that intensifies the next one is only that.
    for i, (word, _, shouted) in enumerate(items[:-1]):
        if word in INTENSIFIERS and word not in PROFANITY and items[i + 1][1] != 0.0:
            items[i] = (word, 0.0, shouted)
    return items


def sentiment(text: str) -> float:
    """The message's sentiment in [-1, 1]; 0 for a message with no feeling words."""
    tokens = TOKEN.findall(strip_invisible(text).replace("\u2019", "'"))
    words = [token for token in tokens if token[0] not in "!?"]
    items = _items(words)
    scores, topics = [], set()
    for i, (word, valence, shouted) in enumerate(items):
        if valence == 0.0 or TOPICS.get(word, word) in topics:
            scores.append(0.0)
            continue
        if word in TOPICS:
            topics.add(TOPICS[word])
        sign = 1.0 if valence > 0 else -1.0
        score = valence
        for distance, (before, _, before_shouted) in enumerate(reversed(items[max(0, i - 3) : i])):
            scale = (1.0, 0.95, 0.9)[distance]
            if before in INTENSIFIERS:
                score += sign * INTENSIFIER_STEP * scale
                shouted = shouted or before_shouted
            elif before in SOFTENERS:
                score -= sign * INTENSIFIER_STEP * scale
        if any(before in NEGATIONS for before, _, _ in items[max(0, i - 3) : i]):
            score *= NEGATION_FACTOR
            shouted = shouted or any(s for b, _, s in items[max(0, i - 3) : i] if b in NEGATIONS)
        if shouted:
            score += (1.0 if score > 0 else -1.0) * CAPS_STEP
        scores.append(score)
    if "but" in (word for word, _, _ in items):
        pivot = [word for word, _, _ in items].index("but")
        scores = [
            s * (0.5 if i < pivot else 1.5 if i > pivot else 1.0) for i, s in enumerate(scores)
        ]
    total = sum(scores)
    if total == 0.0:
        return 0.0
    exclamations = min(sum(token.count("!") for token in tokens), 4)
    questions = sum(token.count("?") for token in tokens)
    emphasis = exclamations * EXCLAMATION_STEP + (
        min(questions, 3) * QUESTION_STEP if questions > 1 else 0.0
    )
    total += emphasis if total > 0 else -emphasis
    return max(-1.0, min(1.0, total / math.sqrt(total * total + SQUASH)))
