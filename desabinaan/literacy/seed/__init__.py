"""Shipped content of the literacy pillar and the loaders the data migration and the load
commands share (they take the model classes, so the migration can pass its historical ones)."""

from . import flags as flag_seed
from . import quizzes as quiz_seed


def seed_quizzes(quiz_model, question_model, choice_model, *, update: bool = False) -> int:
    """Create the shipped quizzes (a step of the data migration and of quizzes_load; takes the
    models so the migration can pass its historical ones). Returns how many were written."""
    written = 0
    for spec in quiz_seed.QUIZZES:
        quiz = quiz_model.objects.filter(slug=spec["slug"]).first()
        if quiz is not None and not update:
            continue
        if quiz is None:
            quiz = quiz_model(slug=spec["slug"])
        for name in ("title", "summary", "topic", "order"):
            setattr(quiz, name, spec[name])
        quiz.published = True
        quiz.save()
        question_model.objects.filter(quiz=quiz).delete()
        for order, (text, choices, right, explanation) in enumerate(spec["questions"], 1):
            question = question_model.objects.create(
                quiz=quiz, order=order, text=text, explanation=explanation
            )
            for i, choice in enumerate(choices):
                choice_model.objects.create(
                    question=question, order=i + 1, text=choice, is_correct=i == right
                )
        written += 1
    return written


def seed_red_flags(flag_model, *, update: bool = False) -> int:
    """Create the shipped red flags (a step of the data migration and of red_flags_load)."""
    written = 0
    for order, spec in enumerate(flag_seed.FLAGS, start=1):
        flag = flag_model.objects.filter(code=spec["code"]).first()
        if flag is not None and not update:
            continue
        if flag is None:
            flag = flag_model(code=spec["code"])
        flag.kind = spec.get("kind", "text")
        flag.title = spec["title"]
        flag.explanation = spec["explanation"]
        flag.patterns = spec["patterns"]
        flag.also_patterns = spec["also"]
        flag.weight = spec["weight"]
        flag.order = order
        flag.active = True
        flag.save()
        written += 1
    return written
