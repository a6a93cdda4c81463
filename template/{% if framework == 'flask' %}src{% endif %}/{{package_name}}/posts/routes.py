from typing import Annotated

from apiflask import APIBlueprint
from pydantic import BaseModel, Field

from ..auth.current import auth_required, current_user, current_user_id
from ..database import db_session
from ..orm import MAX_ID
from ..pagination import PageParams
from . import service
from .schemas import PostCreate, PostPage, PostRead, PostUpdate

blueprint = APIBlueprint("posts", __name__, url_prefix="/posts", tag="posts")


class PostPath(BaseModel):
    # Validated here rather than by Flask's int converter: "abc" is invalid input (422).
    post_id: Annotated[int, Field(ge=1, le=MAX_ID)]


# Reads trust the token alone; writes load the author, so a deactivated account cannot write.
@blueprint.get("")
@auth_required
@blueprint.input(PageParams, location="query", arg_name="page")
@blueprint.output(PostPage)
@blueprint.doc(security="BearerAuth", responses=[401])
def list_posts(page: PageParams) -> PostPage:
    posts, total = service.list_posts(db_session(), current_user_id(), page)
    return PostPage(
        items=[PostRead.model_validate(post) for post in posts],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@blueprint.post("")
@auth_required
@blueprint.input(PostCreate, arg_name="body")
@blueprint.output(PostRead, status_code=201)
@blueprint.doc(security="BearerAuth", responses=[401, 409])
def create_post(body: PostCreate) -> PostRead:
    return PostRead.model_validate(service.create_post(db_session(), current_user(), body))


@blueprint.get("/<post_id>")
@auth_required
@blueprint.input(PostPath, location="path", arg_name="path")
@blueprint.output(PostRead)
@blueprint.doc(security="BearerAuth", responses=[401, 404])
def get_post(post_id: str, path: PostPath) -> PostRead:
    post = service.get_visible_post(db_session(), current_user_id(), path.post_id)
    return PostRead.model_validate(post)


@blueprint.patch("/<post_id>")
@auth_required
@blueprint.input(PostPath, location="path", arg_name="path")
@blueprint.input(PostUpdate, arg_name="body")
@blueprint.output(PostRead)
@blueprint.doc(security="BearerAuth", responses=[401, 404])
def update_post(post_id: str, path: PostPath, body: PostUpdate) -> PostRead:
    post = service.update_post(db_session(), current_user().id, path.post_id, body)
    return PostRead.model_validate(post)


@blueprint.post("/<post_id>/publish")
@auth_required
@blueprint.input(PostPath, location="path", arg_name="path")
@blueprint.output(PostRead)
@blueprint.doc(security="BearerAuth", responses=[401, 404])
def publish_post(post_id: str, path: PostPath) -> PostRead:
    return PostRead.model_validate(
        service.publish_post(db_session(), current_user().id, path.post_id)
    )


@blueprint.delete("/<post_id>")
@auth_required
@blueprint.input(PostPath, location="path", arg_name="path")
@blueprint.output({}, status_code=204)
@blueprint.doc(security="BearerAuth", responses=[401, 404])
def delete_post(post_id: str, path: PostPath) -> str:
    service.delete_post(db_session(), current_user().id, path.post_id)
    return ""
