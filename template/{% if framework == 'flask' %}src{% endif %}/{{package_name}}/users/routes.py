from apiflask import APIBlueprint

from ..auth.current import auth_required, current_user
from .schemas import UserRead

blueprint = APIBlueprint("users", __name__, url_prefix="/users", tag="users")


@blueprint.get("/me")
@auth_required
@blueprint.output(UserRead)
@blueprint.doc(security="BearerAuth", responses=[401])
def read_me() -> UserRead:
    return UserRead.model_validate(current_user())
