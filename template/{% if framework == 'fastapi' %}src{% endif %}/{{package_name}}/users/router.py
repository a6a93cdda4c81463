from fastapi import APIRouter

from ..auth.dependencies import CurrentUser
from ..errors import problem_responses
from .schemas import UserRead

router = APIRouter(prefix="/users", tags=["users"], responses=problem_responses(401))


@router.get("/me")
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
