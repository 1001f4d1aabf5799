"""How a page shows a service's refusal: the one mapping for views.

The API's counterpart is the ``DomainError`` handler in ``cchc/api.py``; a refusal a view lets
escape reaches ``DomainErrorMiddleware``, which renders the error page with the status the error
carries (Vietnamese message, 403, 404, 409, 400).

``refusal_shown(target)`` wraps the service call of a view:

- ``Forbidden`` and ``NotFound`` always go on to the middleware: a 403 or 404 page;
- on a form, any other refusal becomes the form's error (or a field's), what the user typed kept;
- on an action without a form (the target is the request), ``Conflict`` goes on to a 409 page
  (the object changed state meanwhile), any other refusal becomes a message for the page the
  view redirects to.

    with refusal_shown(form):
        services.thing_create(actor=request.user, **data)
        messages.success(request, _("Đã lưu."))
        return redirect(...)
    return render(request, "form.html", {"form": form})  # reached only after a refusal
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from .errors import Conflict, DomainError, Forbidden, NotFound


@contextmanager
def refusal_shown(target: BaseForm | HttpRequest, *, field: str | None = None) -> Iterator[None]:
    try:
        yield
    except (Forbidden, NotFound):
        raise
    except Conflict as exc:
        if not isinstance(target, BaseForm):
            raise
        target.add_error(field, exc.message)
    except DomainError as exc:
        if isinstance(target, BaseForm):
            target.add_error(field, exc.message)
        else:
            messages.error(target, exc.message)
