from typing import Annotated

from apiflask import APIBlueprint
from pydantic import BaseModel, Field

from ..auth.current import admin_required, auth_required, current_user
from ..database import db_session
from ..orm import MAX_ID
from ..pagination import PageParams
from . import service
from .schemas import UserPage, UserRead

blueprint = APIBlueprint("users", __name__, url_prefix="/users", tag="users")


class UserPath(BaseModel):
    # Validated here rather than by Flask's int converter: "abc" is invalid input (422).
    user_id: Annotated[int, Field(ge=1, le=MAX_ID)]


@blueprint.get("/me")
@auth_required
@blueprint.output(UserRead)
@blueprint.doc(security="BearerAuth", responses=[401])
def read_me() -> UserRead:
    return UserRead.model_validate(current_user())


@blueprint.get("")
@admin_required
@blueprint.input(PageParams, location="query", arg_name="page")
@blueprint.output(UserPage)
@blueprint.doc(security="BearerAuth", responses=[401, 403])
def list_users(page: PageParams) -> UserPage:
    users, total = service.list_users(db_session(), page)
    return UserPage(
        items=[UserRead.model_validate(user) for user in users],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@blueprint.post("/<user_id>/deactivate")
@admin_required
@blueprint.input(UserPath, location="path", arg_name="path")
@blueprint.output(UserRead)
@blueprint.doc(security="BearerAuth", responses=[401, 403, 404])
def deactivate_user(user_id: str, path: UserPath) -> UserRead:
    """Block the account and revoke its refresh tokens; its access tokens expire soon after."""
    return UserRead.model_validate(service.deactivate_user(db_session(), path.user_id))
