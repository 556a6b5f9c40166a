"""Help-center articles get a language: one address (slug) may have an article in
each language the assistant answers in."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assistant', '0012_swedish_and_german_examples'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('sv', 'Svenska'), ('de', 'Deutsch')], default='en', help_text='Readers of this language see it, and the assistant answers their questions from it; the others see the English article of the same address.', max_length=2),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('sv', 'Svenska'), ('de', 'Deutsch')], default='en', help_text='Readers of this language see it, and the assistant answers their questions from it; the others see the English article of the same address.', max_length=2),
        ),
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(blank=True, max_length=200),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('slug', 'language'), name='article_slug_per_language'),
        ),
    ]
