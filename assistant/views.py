"""The public help center: the article list with its search, and one article."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from assistant.help import search_articles
from assistant.models import Article

# A results page, not the assistant's top three: the customer scans the list.
RESULTS_PER_PAGE = 20


def help_center(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query}
    if query:
        context["hits"] = search_articles(query, limit=RESULTS_PER_PAGE)
    else:
        context["articles"] = Article.objects.filter(is_published=True).only(
            "title", "slug", "summary"
        )
    return render(request, "help/help_center.html", context)


def help_article(request, slug):
    article = get_object_or_404(Article, slug=slug, is_published=True)
    return render(request, "help/article.html", {"article": article})


@login_required
def chat(request):
    """The live chat with the assistant and, when needed, a person."""
    if request.user.is_staff:
        return redirect("admin:tickets_ticket_changelist")
    return render(request, "chat.html")
