from fastapi import APIRouter, Response, status

from ..database import Session
from ..errors import problem_responses
from ..settings import AppSettings
from ..users.schemas import UserRead
from . import service
from .schemas import LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenResponse
from .tokens import TokenPair

router = APIRouter(prefix="/auth", tags=["auth"], responses=problem_responses(422))


def _token_response(pair: TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409),
)
async def register(body: RegisterRequest, session: Session) -> UserRead:
    return UserRead.model_validate(await service.register(session, body))


@router.post("/login", responses=problem_responses(401))
async def login(body: LoginRequest, session: Session, settings: AppSettings) -> TokenResponse:
    return _token_response(await service.login(session, settings, body))


@router.post("/refresh", responses=problem_responses(401))
async def refresh(body: RefreshRequest, session: Session, settings: AppSettings) -> TokenResponse:
    return _token_response(await service.refresh(session, settings, body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(body: LogoutRequest, session: Session) -> Response:
    """Revoke the refresh token and every token rotated from the same login."""
    await service.logout(session, body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
