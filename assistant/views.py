"""The public help center: the article list with its search, and one article."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from assistant.help import article_in_language, search_articles
from assistant.language import ENGLISH, answered_language
from assistant.models import Article

# A results page, not the assistant's top three: the customer scans the list.
RESULTS_PER_PAGE = 20


def help_center(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query}
    if query:
        context["hits"] = search_articles(query, limit=RESULTS_PER_PAGE)
    else:
        context["articles"] = _listed_articles(answered_language(get_language()))
    return render(request, "help/help_center.html", context)


def _listed_articles(language: str):
    """The articles in the reader's language, and the English ones not translated."""
    published = Article.objects.filter(is_published=True).only("title", "slug", "summary")
    theirs = list(published.filter(language=language))
    if language == ENGLISH:
        return theirs
    translated = {article.slug for article in theirs}
    english = published.filter(language=ENGLISH).exclude(slug__in=translated)
    return sorted([*theirs, *english], key=lambda article: article.title.casefold())


def help_article(request, slug):
    """The article in the reader's language (the request's), else in English."""
    return render(request, "help/article.html", {"article": article_in_language(slug)})


@login_required
def chat(request):
    """The live chat with the assistant and, when needed, a person."""
    if request.user.is_staff:
        return redirect("admin:tickets_ticket_changelist")
    return render(request, "chat.html")
