from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from ..auth.dependencies import CurrentUser, CurrentUserId
from ..database import Session
from ..errors import problem_responses
from ..orm import MAX_ID
from ..pagination import Pagination
from . import service
from .schemas import PostCreate, PostPage, PostRead, PostUpdate

router = APIRouter(prefix="/posts", tags=["posts"], responses=problem_responses(401, 422))

PostId = Annotated[int, Path(ge=1, le=MAX_ID)]

_NOT_FOUND = problem_responses(404)


# Reads trust the token alone; writes load the author, so a deactivated account cannot write.
@router.get("")
async def list_posts(session: Session, viewer_id: CurrentUserId, page: Pagination) -> PostPage:
    posts, total = await service.list_posts(session, viewer_id, page)
    return PostPage(
        items=[PostRead.model_validate(post) for post in posts],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409),
)
async def create_post(body: PostCreate, session: Session, author: CurrentUser) -> PostRead:
    return PostRead.model_validate(await service.create_post(session, author, body))


@router.get("/{post_id}", responses=_NOT_FOUND)
async def get_post(post_id: PostId, session: Session, viewer_id: CurrentUserId) -> PostRead:
    return PostRead.model_validate(await service.get_visible_post(session, viewer_id, post_id))


@router.patch("/{post_id}", responses=_NOT_FOUND)
async def update_post(
    post_id: PostId, body: PostUpdate, session: Session, author: CurrentUser
) -> PostRead:
    return PostRead.model_validate(await service.update_post(session, author.id, post_id, body))


@router.post("/{post_id}/publish", responses=_NOT_FOUND)
async def publish_post(post_id: PostId, session: Session, author: CurrentUser) -> PostRead:
    return PostRead.model_validate(await service.publish_post(session, author.id, post_id))


@router.delete("/{post_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_NOT_FOUND)
async def delete_post(post_id: PostId, session: Session, author: CurrentUser) -> Response:
    await service.delete_post(session, author.id, post_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
