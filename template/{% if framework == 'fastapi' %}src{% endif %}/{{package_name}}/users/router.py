from typing import Annotated

from fastapi import APIRouter, Path

from ..auth.dependencies import AdminUser, CurrentUser
from ..database import Session
from ..errors import problem_responses
from ..orm import MAX_ID
from ..pagination import Pagination
from . import service
from .schemas import UserPage, UserRead

router = APIRouter(prefix="/users", tags=["users"], responses=problem_responses(401))

UserId = Annotated[int, Path(ge=1, le=MAX_ID)]

_ADMIN_ONLY = problem_responses(403, 422)


@router.get("/me")
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.get("", responses=_ADMIN_ONLY)
async def list_users(session: Session, _admin: AdminUser, page: Pagination) -> UserPage:
    users, total = await service.list_users(session, page)
    return UserPage(
        items=[UserRead.model_validate(user) for user in users],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/{user_id}/deactivate", responses={**_ADMIN_ONLY, **problem_responses(404)})
async def deactivate_user(user_id: UserId, session: Session, _admin: AdminUser) -> UserRead:
    """Block the account and revoke its refresh tokens; its access tokens expire soon after."""
    return UserRead.model_validate(await service.deactivate_user(session, user_id))
